use std::sync::atomic::{AtomicBool, Ordering};

pub struct Shared {
    pub parked: AtomicBool,
    pub pending: AtomicBool,
}

impl Shared {
    pub fn sleep(&self) {
        self.parked.store(true, Ordering::Release); //~ store-load-reorder
        while !self.pending.load(Ordering::Acquire) {
            std::thread::park();
        }
    }
}
