// #1 variant: the same match on a struct field `tokio::sync::RwLock` (no static)
use std::collections::HashMap;

use tokio::sync::RwLock;

pub struct Cache {
    settings: RwLock<HashMap<String, String>>,
}

async fn load(_k: &str) -> String {
    String::new()
}

impl Cache {
    pub async fn get_setting(&self, key: &str) -> String {
        match self.settings.read().await.get(key) {
            Some(v) => v.clone(),
            None => {
                let v = load(key).await;
                self.settings.write().await.insert(key.to_string(), v.clone());
                v
            }
        }
    }
}
