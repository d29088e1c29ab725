use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, Ordering};

// The writer side of a hand-off whose reader lives in `reader.rs`.
pub struct Shared {
    pub ready: AtomicBool,
    pub started: AtomicBool,
    pub data: UnsafeCell<u64>,
}

unsafe impl Sync for Shared {}

impl Shared {
    pub fn publish(&self, v: u64) {
        unsafe { *self.data.get() = v };
        self.ready.store(true, Ordering::Relaxed);
    }

    pub fn mark_started(&self, v: u64) {
        unsafe { *self.data.get() = v };
        self.started.store(true, Ordering::Relaxed); //~ relaxed-flag-store
    }
}
