// MISS probe (rwlock-check-then-write): revolt coalesced/service.rs:133-151 has this shape
// (read-locked get, the write-locked insert in the else-branch of `if let Some`). Only a
// write in the then-branch of the check is reported; none of the three below is (s19a).
use std::sync::Arc;
use tokio::sync::RwLock;

pub struct Svc {
    queue: Arc<RwLock<HashMap<String, u32>>>,
}

impl Svc {
    pub async fn after_guard(&self, id: String) -> Result<u32, ()> {
        let found = {
            let queue = self.queue.read().await;
            queue.get(&id).cloned()
        };
        if let Some(v) = found {
            return Ok(v);
        }
        self.queue.write().await.insert(id.clone(), 1);
        Ok(0)
    }
    pub async fn else_branch(&self, id: String) -> Result<u32, ()> {
        let found = {
            let queue = self.queue.read().await;
            queue.get(&id).cloned()
        };
        if let Some(v) = found {
            Ok(v)
        } else {
            self.queue.write().await.insert(id.clone(), 1);
            Ok(0)
        }
    }
    pub async fn is_some(&self, id: String) -> Result<u32, ()> {
        let found = {
            let queue = self.queue.read().await;
            queue.get(&id).cloned()
        };
        if found.is_some() {
            Ok(1)
        } else {
            self.queue.write().await.insert(id.clone(), 1);
            Ok(0)
        }
    }
}
