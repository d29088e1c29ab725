// Positive cases of `map-check-then-insert` in async code: tokio locks, a named guard dropped
// before the slow part, and a check bound to a variable first.

use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, RwLock};

pub struct Order {
    pub id: u64,
}

async fn create_order(id: u64) -> Order {
    Order { id }
}

pub struct Orders {
    inflight: Mutex<HashMap<u64, Order>>,
    cache: Arc<RwLock<HashMap<String, Vec<u8>>>>,
}

async fn fetch(_url: &str) -> Vec<u8> {
    Vec::new()
}

impl Orders {
    // tokio Mutex: the guard of the check dies at the end of the condition.
    pub async fn place(&self, id: u64) {
        if !self.inflight.lock().await.contains_key(&id) { //~ map-check-then-insert
            let order = create_order(id).await;
            self.inflight.lock().await.insert(id, order);
        }
    }

    // The check is bound to a variable, then the guard is dropped before the fetch.
    pub async fn get(&self, url: String) -> Vec<u8> {
        let guard = self.cache.read().await;
        let missing = !guard.contains_key(&url); //~ map-check-then-insert
        drop(guard);
        if missing {
            let body = fetch(&url).await;
            self.cache.write().await.insert(url.clone(), body);
        }
        self.cache.read().await.get(&url).cloned().unwrap_or_default()
    }
}

// A spawned task per request, the map behind an Arc.
pub fn serve(seen: Arc<Mutex<HashMap<String, u64>>>, key: String) {
    tokio::spawn(async move {
        if seen.lock().await.get(&key).is_none() { //~ map-check-then-insert
            let n = key.len() as u64;
            tokio::task::yield_now().await;
            seen.lock().await.insert(key, n);
        }
    });
}
