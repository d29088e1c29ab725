// #2 variant: the field typed `tokio::sync::RwLock<HashMap<..>>` directly (no alias)
use std::collections::HashMap;

use tokio::sync::RwLock;

pub struct SessionManager {
    sessions: RwLock<HashMap<String, u64>>,
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
