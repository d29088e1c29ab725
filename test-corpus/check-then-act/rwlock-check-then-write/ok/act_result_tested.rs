// The write reports whether it did anything (`remove` returns whether the element was
// there) and only the caller whose write did it goes on: the write is the atomic check.
use std::collections::{HashMap, HashSet};
use tokio::sync::RwLock;

pub struct Pools {
    done: RwLock<HashSet<String>>,
    owners: RwLock<HashMap<String, u64>>,
}

async fn save() {}

impl Pools {
    pub async fn mark_done(&self, bucket: &str) {
        let is_done = {
            let done = self.done.read().await;
            done.contains(bucket)
        };
        if is_done {
            let removed = {
                let mut done = self.done.write().await;
                done.remove(bucket)
            };
            if removed {
                save().await;
            }
        }
    }

    pub async fn release(&self, bucket: &str) -> bool {
        if self.owners.read().await.contains_key(bucket) {
            let old = self.owners.write().await.remove(bucket);
            if let Some(_owner) = old {
                save().await;
                return true;
            }
        }
        false
    }
}
