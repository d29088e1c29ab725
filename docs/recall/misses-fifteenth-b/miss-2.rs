// #2 openobserve 43c9799aca: `let r = self.sessions.read().await;` is still alive when the
// same function takes `self.sessions.write().await` (self-deadlock). The field's type is a
// project alias of `tokio::sync::RwLock<HashMap<..>>`.
use std::collections::HashMap;

pub type RwAMap<K, V> = tokio::sync::RwLock<HashMap<K, V>>;

pub struct SessionManager {
    sessions: RwAMap<String, u64>,
}

impl SessionManager {
    pub async fn register(&self, id: &str, at: u64) {
        let r = self.sessions.read().await;
        if r.get(id).is_some() {
            return;
        }
        let mut w = self.sessions.write().await;
        if !w.contains_key(id) {
            w.insert(id.to_string(), at);
        }
    }
}
