// #2 variant: no alias, and the early `return` branch removed (only the fall-through path)
use std::collections::HashMap;

use tokio::sync::RwLock;

pub struct SessionManager {
    sessions: RwLock<HashMap<String, u64>>,
}

impl SessionManager {
    pub async fn register(&self, id: &str, at: u64) {
        let r = self.sessions.read().await;
        let _seen = r.get(id).is_some();
        let mut w = self.sessions.write().await;
        w.insert(id.to_string(), at);
    }
}
