// `loop-lock-order` through a helper that returns the guard of one element of a map of locks,
// looked up by its argument (tokio owned guards, method and path forms).

use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{OwnedRwLockWriteGuard, RwLock};

pub struct Regions {
    locks: RwLock<HashMap<u64, Arc<RwLock<()>>>>,
}

impl Regions {
    pub async fn lock_region(&self, id: u64) -> Option<OwnedRwLockWriteGuard<()>> {
        let lock = self.locks.read().await.get(&id)?.clone();
        Some(lock.write_owned().await)
    }

    pub async fn lock_region_path(&self, id: u64) -> Option<OwnedRwLockWriteGuard<()>> {
        let lock = Arc::clone(self.locks.read().await.get(&id)?);
        Some(RwLock::write_owned(lock).await)
    }
}

// the requests come from a client: two alters can list the same regions in opposite orders
pub async fn alter(regions: &Regions, requests: Vec<(u64, String)>) {
    let mut guards = HashMap::new();
    for (id, _) in requests.iter() {
        if guards.contains_key(id) {
            continue;
        }
        if let Some(g) = regions.lock_region(*id).await { //~ loop-lock-order
            guards.insert(*id, g);
        }
    }
    drop(guards);
}

pub async fn alter_path(regions: &Regions, ids: Vec<u64>) {
    let mut guards = Vec::new();
    for id in &ids {
        let g = regions.lock_region_path(*id).await.unwrap(); //~ loop-lock-order
        guards.push(g);
    }
}
