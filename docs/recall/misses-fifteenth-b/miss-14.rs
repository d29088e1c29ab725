// #14 cdk 251e93c53 (FOUND): an in-memory wallet store: `let m = self.proofs.read().await`
// is shadowed by `let mut m = self.proofs.write().await` while the read guard is alive.
use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::RwLock;

pub struct MemoryDb {
    counters: Arc<RwLock<HashMap<String, u32>>>,
}

impl MemoryDb {
    pub async fn increment(&self, id: &str, n: u32) {
        let counters = self.counters.read().await;
        let current = counters.get(id).unwrap_or(&0);
        let mut counters_w = self.counters.write().await;
        counters_w.insert(id.to_string(), current + n);
    }
}
