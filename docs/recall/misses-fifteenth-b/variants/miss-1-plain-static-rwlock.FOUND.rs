// #1 variant: static tokio RwLock written out (no alias, no Arc, no .clone())
use std::collections::HashMap;

use once_cell::sync::Lazy;
use tokio::sync::RwLock;

pub static SETTINGS: Lazy<RwLock<HashMap<String, String>>> = Lazy::new(|| RwLock::new(HashMap::new()));

async fn load(_k: &str) -> String {
    String::new()
}

pub async fn get_setting(key: &str) -> String {
    match SETTINGS.read().await.get(key) {
        Some(v) => v.clone(),
        None => {
            let v = load(key).await;
            SETTINGS.write().await.insert(key.to_string(), v.clone());
            v
        }
    }
}
