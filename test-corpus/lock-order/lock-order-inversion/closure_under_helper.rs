// A closure handed to a helper that calls it while holding a guard runs under that guard:
// the locks the closure takes are nested inside the helper's lock.
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;

pub struct PeerStore {
    banned: Vec<u64>,
}

pub struct NetworkState {
    registry: RwLock<HashMap<u64, String>>,
    store: Mutex<PeerStore>,
}

impl NetworkState {
    fn with_registry_mut<F, T>(&self, f: F) -> T
    where
        F: FnOnce(&mut HashMap<u64, String>) -> T,
    {
        f(&mut self.registry.write())
    }

    pub fn accept_peer(&self, id: u64) {
        let store = self.store.lock();
        let mut registry = self.registry.write(); //~ lock-order-inversion
        if !store.banned.contains(&id) {
            registry.insert(id, String::new());
        }
    }

    pub fn ban_peer(&self, id: u64) {
        self.with_registry_mut(|reg| {
            reg.remove(&id);
            self.store.lock().banned.push(id);
        });
    }
}

// std locks, a let-bound guard in the helper
pub struct Jobs {
    queue: std::sync::Mutex<Vec<u32>>,
    stats: std::sync::Mutex<u64>,
}

impl Jobs {
    fn with_queue<T>(&self, f: impl FnOnce(&mut Vec<u32>) -> T) -> T {
        let mut g = self.queue.lock().unwrap();
        f(&mut g)
    }

    pub fn count(&self) -> u64 {
        let stats = self.stats.lock().unwrap();
        let queue = self.queue.lock().unwrap(); //~ lock-order-inversion
        *stats + queue.len() as u64
    }

    pub fn push(&self, job: u32) {
        self.with_queue(|q| {
            q.push(job);
            *self.stats.lock().unwrap() += 1;
        });
    }
}
