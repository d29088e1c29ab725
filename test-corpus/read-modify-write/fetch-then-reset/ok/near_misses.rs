// Near misses of `fetch-then-reset`: nothing here may be reported.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Mutex;

pub struct Batch {
    pending: AtomicUsize,
    lock: Mutex<()>,
    last: AtomicUsize,
}

fn flush() {}

impl Batch {
    // The reset under a lock every adder holds.
    pub fn add_locked(&self) {
        let _g = self.lock.lock().unwrap();
        if self.pending.fetch_add(1, SeqCst) == 99 {
            self.pending.store(0, SeqCst);
            flush();
        }
    }

    // The reset made atomically with a compare-exchange.
    pub fn add_cas(&self) {
        if self.pending.fetch_add(1, SeqCst) >= 99 {
            let _ = self.pending.compare_exchange(100, 0, SeqCst, SeqCst);
        }
    }

    // A computed value stored: a memo, not a reset.
    pub fn add_memo(&self, v: usize) {
        if self.pending.fetch_add(1, SeqCst) == 0 {
            self.last.store(v, SeqCst);
            self.pending.store(v, SeqCst);
        }
    }

    // A store into another atomic.
    pub fn add_other(&self) {
        if self.pending.fetch_add(1, SeqCst) == 99 {
            self.last.store(0, SeqCst);
        }
    }

    // `&mut self`: one caller at a time.
    pub fn add_exclusive(&mut self) {
        if self.pending.fetch_add(1, SeqCst) == 99 {
            self.pending.store(0, SeqCst);
        }
    }

    // The store only under a further condition in a loop.
    pub fn add_retry(&self, tries: usize) {
        if self.pending.fetch_add(1, SeqCst) == 99 {
            for _ in 0..tries {
                self.pending.store(0, SeqCst);
            }
        }
    }
}

// The atomic step: `fetch_update` resets in place.
pub fn add_update(c: &AtomicUsize) -> bool {
    c.fetch_update(SeqCst, SeqCst, |v| Some(if v == 99 { 0 } else { v + 1 }))
        .unwrap_or_else(|v| v)
        == 99
}
