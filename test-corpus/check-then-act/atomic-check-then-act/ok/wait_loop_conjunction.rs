// A conjunct that calls something (it may change what the loop waits for, or wait itself)
// or a second atomic in the condition: not a plain bound, not reported.
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Pool {
    used: AtomicUsize,
    open: AtomicBool,
}

impl Pool {
    fn refill(&self) -> bool {
        true
    }

    pub fn take(&self, max: usize) {
        while self.refill() && self.used.load(Ordering::SeqCst) >= max {
            std::thread::yield_now();
        }
        self.used.fetch_add(1, Ordering::SeqCst);
    }

    pub fn take_open(&self, max: usize) {
        while self.open.load(Ordering::SeqCst) && self.used.load(Ordering::SeqCst) >= max {
            std::thread::yield_now();
        }
        self.used.fetch_add(1, Ordering::SeqCst);
    }
}
