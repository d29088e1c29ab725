// A load or a store made by a helper: the pair is still two atomic operations.
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

    pub fn bump(&self) {
        let n = self.count();
        self.set_count(n + 1); //~ atomic-load-store
    }

    pub fn add(&self, d: u64) {
        self.set_count(self.count() + d); //~ atomic-load-store
    }

    pub fn double(&self) {
        let n = self.count();
        self.count.store(n * 2, Ordering::Release); //~ atomic-load-store
    }
}
