// #11 greptimedb a3bb155a66: alter a group of logical regions: for each request (in the
// caller's order) take the region's write lock and keep all guards. Two alters with
// overlapping regions in different orders deadlock (fixed by locking in sorted order).
// Each lock is an element of a map of `Arc<tokio::sync::RwLock<()>>`, taken by a helper
// returning an `OwnedRwLockWriteGuard`.
use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{OwnedRwLockWriteGuard, RwLock};

pub struct Meta {
    region_locks: RwLock<HashMap<u64, Arc<RwLock<()>>>>,
}

impl Meta {
    pub async fn write_lock_region(&self, id: u64) -> Option<OwnedRwLockWriteGuard<()>> {
        let lock = self.region_locks.read().await.get(&id)?.clone();
        Some(RwLock::write_owned(lock).await)
    }
}

pub async fn alter_regions(meta: &Meta, requests: Vec<(u64, String)>) {
    let mut guards = HashMap::with_capacity(requests.len());
    for (id, _) in requests.iter() {
        if guards.contains_key(id) {
            continue;
        }
        if let Some(g) = meta.write_lock_region(*id).await {
            guards.insert(*id, g);
        }
    }
    // ... alter columns while every region is locked
}
