// #1 variant: static Arc<tokio RwLock> locked through `.clone()` (no alias)
use std::collections::HashMap;

use once_cell::sync::Lazy;
use tokio::sync::RwLock;

pub static SETTINGS: Lazy<std::sync::Arc<RwLock<HashMap<String, String>>>> = Lazy::new(|| std::sync::Arc::new(RwLock::new(HashMap::new())));

async fn load(_k: &str) -> String {
    String::new()
}

pub async fn get_setting(key: &str) -> String {
    match SETTINGS.clone().read().await.get(key) {
        Some(v) => v.clone(),
        None => {
            let v = load(key).await;
            SETTINGS.clone().write().await.insert(key.to_string(), v.clone());
            v
        }
    }
}
