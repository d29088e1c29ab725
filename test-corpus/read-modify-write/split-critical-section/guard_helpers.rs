// Read under one guard handed back by a helper, written back under a second one.
use std::sync::{Mutex, MutexGuard};

pub struct Counter {
    count: Mutex<u64>,
}

impl Counter {
    fn count(&self) -> MutexGuard<'_, u64> {
        self.count.lock().unwrap()
    }

    pub fn double(&self) {
        let c = self.count();
        let n = *c; //~ split-critical-section
        drop(c);
        *self.count() = n * 2;
    }

    pub fn double_once(&self) {
        let mut c = self.count();
        *c *= 2;
    }
}
