// #6 databend 0115d3567b: `let lock = self.dbs.read();` is shadowed by
// `let mut lock = self.dbs.write();` in the same function; the read guard is still alive
// (self-deadlock). The lock is the project's infallible wrapper (`common_infallible::RwLock`,
// `read()`/`write()` return guards directly) behind a type alias.
use std::collections::HashMap;
use std::sync::Arc;

use common_infallible::RwLock;

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
