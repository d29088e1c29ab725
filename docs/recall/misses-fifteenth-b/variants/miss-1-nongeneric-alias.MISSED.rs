// #1 variant: a non-generic alias `type Settings = tokio::sync::RwLock<HashMap<..>>`
use std::collections::HashMap;

use once_cell::sync::Lazy;

pub type Settings = tokio::sync::RwLock<HashMap<String, String>>;

pub static SETTINGS: Lazy<Settings> = Lazy::new(Settings::default);

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
