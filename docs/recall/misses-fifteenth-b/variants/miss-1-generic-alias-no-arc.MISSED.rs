// #1 variant: the type alias kept, no Arc and no .clone()
use std::collections::HashMap;

use once_cell::sync::Lazy;

pub type RwAMap<K, V> = tokio::sync::RwLock<HashMap<K, V>>;

pub static SETTINGS: Lazy<RwAMap<String, String>> = Lazy::new(RwAMap::default);

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
