// Locks taken through helpers that hand back the guard.
use std::ops::Deref;
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

// an extension trait on the lock type (tikv's `HandyRwLock`)
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
    // a method returning the guard of a field
    fn count(&self) -> MutexGuard<'_, u64> {
        self.count.lock().unwrap()
    }

    // a helper calling another guard-returning helper
    fn count_again(&self) -> MutexGuard<'_, u64> {
        self.count()
    }

    // a boxed guard
    fn boxed(&self) -> Box<MutexGuard<'_, u64>> {
        Box::new(self.count.lock().unwrap())
    }

    pub fn add_if_empty(&self, id: u64) {
        match self.peers.rl().len() {
            0 => self.peers.wl().push(id), //~ double-lock
            _ => {}
        }
    }

    pub fn bump(&self) {
        let c = self.count();
        *self.count_again() += *c; //~ double-lock
    }

    pub fn bump_boxed(&self) {
        let b = self.boxed();
        let n = **b;
        *self.count.lock().unwrap() = n + 1; //~ double-lock
    }
}

pub fn outside(r: &Registry) {
    let g = r.peers.wl();
    let n = r.peers.rl().len(); //~ double-lock
    drop(g);
    println!("{n} {}", r.boxed().deref());
}
