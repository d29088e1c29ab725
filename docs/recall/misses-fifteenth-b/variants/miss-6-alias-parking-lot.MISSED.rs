// #6 variant: the alias kept, the lock is `parking_lot::RwLock`
use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;

type Databases = Arc<RwLock<HashMap<String, Vec<String>>>>;

pub struct Backend {
    dbs: Databases,
}

impl Backend {
    pub fn drop_table(&self, db: &str, table: &str) -> Result<(), String> {
        let lock = self.dbs.read();
        let idx = match lock.get(db) {
            None => return Err("unknown database".into()),
            Some(tables) => tables.iter().position(|t| t == table).ok_or("unknown table")?,
        };
        let mut lock = self.dbs.write();
        if let Some(tables) = lock.get_mut(db) {
            tables.remove(idx);
        }
        Ok(())
    }
}
