// Near misses with helpers.
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Meter {
    count: AtomicU64,
}

impl Meter {
    fn count(&self) -> u64 {
        self.count.load(Ordering::Acquire)
    }

    fn set_count(&self, v: u64) {
        self.count.store(v, Ordering::Release);
    }

    // one atomic read-modify-write in the helper
    fn bump_one(&self) {
        self.count.fetch_add(1, Ordering::AcqRel);
    }

    pub fn bump_twice(&self) {
        self.bump_one();
        self.bump_one();
    }

    // the stored value is the value loaded: a restore
    pub fn restore(&self) {
        let n = self.count();
        self.set_count(n);
    }

    // `&mut self`
    pub fn bump_exclusive(&mut self) {
        let n = self.count();
        self.set_count(n + 1);
    }
}
