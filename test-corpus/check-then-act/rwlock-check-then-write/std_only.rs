// A std-only shape (compiled by the fix harness): the check under a temporary read guard,
// the write under a named write guard.

use std::sync::RwLock;

pub struct Limits {
    pub total: RwLock<u64>,
}

impl Limits {
    pub fn add(&self, n: u64, cap: u64) {
        if *self.total.read().unwrap() + n <= cap { //~ rwlock-check-then-write
            let mut t = self.total.write().unwrap();
            *t += n;
        }
    }
}
