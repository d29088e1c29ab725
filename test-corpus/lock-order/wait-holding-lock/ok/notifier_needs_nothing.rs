// The waiter holds `audit` across the wait, but the notifier never takes `audit`: the waiter
// wakes (holding `audit` is slow for others, and the notifier is in sight and does not need it).
use std::sync::{Condvar, Mutex};

pub struct Gate {
    open: Mutex<bool>,
    cv: Condvar,
    audit: Mutex<Vec<&'static str>>,
}

impl Gate {
    pub fn pass(&self) {
        let mut audit = self.audit.lock().unwrap();
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.cv.wait(open).unwrap();
        }
        audit.push("passed");
    }

    pub fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.cv.notify_all();
    }
}
