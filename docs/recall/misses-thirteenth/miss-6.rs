// greptimedb 4c07d2d5de shape: per-region locks taken in a loop in caller-supplied order.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{OwnedRwLockWriteGuard, RwLock};

pub struct MetadataRegion {
    region_locks: RwLock<HashMap<u64, Arc<RwLock<()>>>>,
}

impl MetadataRegion {
    pub async fn write_lock_region(&self, id: u64) -> Option<OwnedRwLockWriteGuard<()>> {
        let lock = self.region_locks.read().await.get(&id)?.clone();
        Some(lock.write_owned().await)
    }
}

pub struct Engine {
    metadata: MetadataRegion,
}

impl Engine {
    /// `requests` comes from the client: two alters may list the same regions
    /// in opposite orders.
    pub async fn alter_regions(&self, requests: Vec<(u64, String)>) {
        let mut guards = HashMap::new();
        for (id, _) in requests.iter() {
            if guards.contains_key(id) {
                continue;
            }
            let g = self.metadata.write_lock_region(*id).await.unwrap();
            guards.insert(*id, g);
        }
        // ... apply the alters while holding every region lock
        drop(guards);
    }
}
