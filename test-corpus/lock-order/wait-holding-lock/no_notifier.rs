// The notifier is not in sight, but a guard of another mutex is held for the whole wait:
// every thread that needs `totals` blocks until this one wakes.
use std::sync::{Condvar, Mutex};

pub struct Jobs {
    pending: Mutex<Vec<u32>>,
    more: Condvar,
    totals: Mutex<u64>,
}

impl Jobs {
    pub fn take(&self) -> u32 {
        let mut totals = self.totals.lock().unwrap();
        let mut pending = self.pending.lock().unwrap();
        while pending.is_empty() {
            pending = self.more.wait(pending).unwrap(); //~ wait-holding-lock
        }
        *totals += 1;
        pending.pop().unwrap()
    }
}
