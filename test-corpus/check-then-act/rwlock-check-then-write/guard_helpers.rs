// Checked under a read guard from an extension method, written under a write guard from another.
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

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
}

impl Registry {
    pub fn add_if_empty(&self, id: u64) {
        let empty = self.peers.rl().is_empty(); //~ rwlock-check-then-write
        if empty {
            self.peers.wl().push(id);
        }
    }

    pub fn add_if_empty_once(&self, id: u64) {
        let mut peers = self.peers.wl();
        if peers.is_empty() {
            peers.push(id);
        }
    }
}
