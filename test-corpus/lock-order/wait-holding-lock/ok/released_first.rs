// Near misses: the other guard is dropped before the wait; the notifier takes no lock the
// waiter holds; `wait` hands over the only guard held.
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

pub struct Jobs {
    pending: Mutex<Vec<u32>>,
    more: Condvar,
    totals: Mutex<u64>,
}

impl Jobs {
    pub fn take(&self) -> u32 {
        let totals = self.totals.lock().unwrap();
        let snapshot = *totals;
        drop(totals);
        let mut pending = self.pending.lock().unwrap();
        while pending.is_empty() {
            pending = self.more.wait(pending).unwrap();
        }
        pending.pop().unwrap() + snapshot as u32
    }

    pub fn put(&self, v: u32) {
        self.pending.lock().unwrap().push(v);
        self.more.notify_one();
    }

    pub fn count(&self) {
        *self.totals.lock().unwrap() += 1;
    }
}

pub fn pair() {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let pair2 = Arc::clone(&pair);
    thread::spawn(move || {
        let (lock, cvar) = &*pair2;
        *lock.lock().unwrap() = true;
        cvar.notify_one();
    });
    let (lock, cvar) = &*pair;
    let _g = cvar.wait_while(lock.lock().unwrap(), |r| !*r).unwrap();
}
