// Near misses of ref_accessor_chains.rs: the first guard is gone before the second lock, the
// second lock is another field, or the accessor returns another struct's lock.
use std::sync::{Mutex, MutexGuard, RwLock, RwLockWriteGuard};

pub struct State {
    inflight: RwLock<Vec<u32>>,
    log: Mutex<Vec<String>>,
}

impl State {
    pub fn write_inflight(&self) -> RwLockWriteGuard<'_, Vec<u32>> {
        self.inflight.write().unwrap()
    }
    pub fn log(&self) -> MutexGuard<'_, Vec<String>> {
        self.log.lock().unwrap()
    }
}

pub struct Other {
    log: Mutex<Vec<String>>,
}

impl Other {
    pub fn log(&self) -> MutexGuard<'_, Vec<String>> {
        self.log.lock().unwrap()
    }
}

pub struct Shared {
    state: State,
    other: Other,
}

impl Shared {
    pub fn state(&self) -> &State {
        &self.state
    }
    pub fn other(&self) -> &Other {
        &self.other
    }

    pub fn sequential(&self, pi: u32) {
        self.state().write_inflight().push(pi);
        let n = self.state().write_inflight().len();
        self.state().log().push(n.to_string());
    }

    pub fn two_fields(&self, pi: u32) {
        let mut w = self.state().write_inflight();
        let mut log = self.state().log();
        w.push(pi);
        log.push(pi.to_string());
    }

    pub fn two_structs(&self) {
        let a = self.state().log();
        let b = self.other().log();
        drop((a, b));
    }

    pub fn dropped(&self, pi: u32) {
        let mut w = self.state().write_inflight();
        w.push(pi);
        drop(w);
        self.state().write_inflight().push(pi);
    }
}
