// #11 variant: a map of `Arc<tokio::sync::Mutex<()>>`, `lock_owned()` inline in the loop over the
// caller's ids
use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Mutex;

pub struct Regions {
    locks: HashMap<u64, Arc<Mutex<()>>>,
}

impl Regions {
    pub async fn alter(&self, ids: Vec<u64>) {
        let mut guards = Vec::new();
        for id in ids {
            if let Some(l) = self.locks.get(&id) {
                guards.push(l.clone().lock_owned().await);
            }
        }
        drop(guards);
    }
}
