// The lookup is a fast path: the miss path takes a per-key lock and looks up again under it
// before the insert, so two callers cannot both insert.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Meta {
    missing: moka::future::Cache<String, ()>,
    load_locks: std::sync::Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

async fn exists_on_disk(_b: &str) -> bool {
    false
}

impl Meta {
    fn load_lock(&self, b: &str) -> Arc<Mutex<()>> {
        self.load_locks.lock().unwrap().entry(b.to_string()).or_default().clone()
    }

    pub async fn known_missing(&self, bucket: &str) -> bool {
        if self.missing.get(bucket).await.is_some() {
            return true;
        }
        let lock = self.load_lock(bucket);
        let _g = lock.lock().await;
        if self.missing.get(bucket).await.is_some() {
            return true;
        }
        if !exists_on_disk(bucket).await {
            self.missing.insert(bucket.to_string(), ()).await;
            return true;
        }
        false
    }
}
