// Locks declared through a type alias are locks: generic and plain aliases, `Arc` inside
// the alias, parking_lot and tokio locks, a static `Lazy` of an alias.
use std::collections::HashMap;
use std::sync::Arc;

use once_cell::sync::Lazy;
use parking_lot::RwLock;

pub type Lock = std::sync::RwLock<u64>;
pub type RwMap<K, V> = tokio::sync::RwLock<HashMap<K, V>>;
type Databases = Arc<RwLock<HashMap<String, Vec<String>>>>;

pub static SETTINGS: Lazy<RwMap<String, String>> = Lazy::new(RwMap::default);

pub struct S {
    n: Lock,
    dbs: Databases,
}

impl S {
    pub fn bump(&self) {
        let r = self.n.read().unwrap();
        let v = *r + 1;
        *self.n.write().unwrap() = v; //~ double-lock
    }

    pub fn drop_table(&self, db: &str, table: &str) -> Option<()> {
        let lock = self.dbs.read();
        let idx = lock.get(db)?.iter().position(|t| t == table)?;
        let mut lock = self.dbs.write(); //~ double-lock
        lock.get_mut(db)?.remove(idx);
        Some(())
    }
}

async fn load(_k: &str) -> String {
    String::new()
}

pub async fn setting(key: &str) -> String {
    match SETTINGS.read().await.get(key) {
        Some(v) => v.clone(),
        None => {
            let v = load(key).await;
            SETTINGS.write().await.insert(key.to_string(), v.clone()); //~ double-lock
            v
        }
    }
}
