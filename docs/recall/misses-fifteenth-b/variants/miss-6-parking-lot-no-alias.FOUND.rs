// #6 variant: `parking_lot::RwLock`, no alias (shadowed guard kept)
use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;



pub struct Backend {
    dbs: Arc<RwLock<HashMap<String, Vec<String>>>>,
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
