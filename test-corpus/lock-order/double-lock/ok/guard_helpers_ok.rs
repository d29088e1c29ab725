// Helpers around locks that do not hold a guard when the lock is taken again.
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub trait HandyRwLock<T> {
    fn wl(&self) -> RwLockWriteGuard<'_, T>;
    fn rl(&self) -> RwLockReadGuard<'_, T>;
}

impl<T> HandyRwLock<T> for RwLock<T> {
    fn wl(&self) -> RwLockWriteGuard<'_, T> {
        self.write().unwrap()
    }
    fn rl(&self) -> RwLockReadGuard<'_, T> {
        self.read().unwrap()
    }
}

pub struct Registry {
    peers: RwLock<Vec<u64>>,
    count: Mutex<u64>,
}

impl Registry {
    fn count(&self) -> MutexGuard<'_, u64> {
        self.count.lock().unwrap()
    }

    // returns a value read under the guard, not the guard
    fn current(&self) -> u64 {
        *self.count.lock().unwrap()
    }

    // (writing back `v + 1` would be a split read-modify-write: see split-critical-section's
    // summaries.rs)
    pub fn bump(&self) {
        let v = self.current();
        *self.count() = 0;
        log(v);
    }

    pub fn add_if_empty(&self, id: u64) {
        let mut peers = self.peers.wl();
        if peers.is_empty() {
            peers.push(id);
        }
    }

    pub fn reset(&self) {
        let c = self.count();
        println!("was {}", *c);
        drop(c);
        *self.count() = 0;
    }
}

fn log(_: u64) {}
