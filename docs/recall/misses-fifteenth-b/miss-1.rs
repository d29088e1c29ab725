// #1 openobserve ab8ce04f29: the read guard of a `match` scrutinee lives through the arms;
// the `None` arm takes the write lock of the same tokio RwLock (self-deadlock).
// The lock is a global `Lazy<Arc<Alias<..>>>` whose alias is `tokio::sync::RwLock<HashMap<..>>`.
use std::collections::HashMap;
use std::sync::Arc;

use once_cell::sync::Lazy;

pub type RwAMap<K, V> = tokio::sync::RwLock<HashMap<K, V>>;

pub static SETTINGS: Lazy<Arc<RwAMap<String, String>>> = Lazy::new(|| Arc::new(RwAMap::default()));

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
