// Wait loops that `atomic-check-then-act` must not report.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::Mutex;
use std::thread::yield_now;

pub struct Slots {
    active: AtomicUsize,
    ready: AtomicBool,
    lock: Mutex<()>,
    done: AtomicUsize,
}

fn work() {}

impl Slots {
    // The loop re-checks with compare_exchange: the increment is the check.
    pub fn enter_cas(&self, max: usize) {
        loop {
            let cur = self.active.load(SeqCst);
            if cur < max
                && self
                    .active
                    .compare_exchange(cur, cur + 1, SeqCst, SeqCst)
                    .is_ok()
            {
                break;
            }
            yield_now();
        }
    }

    // The update's result is tested again after the loop.
    pub fn enter_checked(&self, max: usize) -> bool {
        while self.active.load(SeqCst) >= max {
            yield_now();
        }
        if self.active.fetch_add(1, SeqCst) >= max {
            self.active.fetch_sub(1, SeqCst);
            return false;
        }
        true
    }

    // Waiting for a flag, then acting on another atomic: not the waited state.
    pub fn wait_ready(&self) {
        while !self.ready.load(SeqCst) {
            yield_now();
        }
        self.done.fetch_add(1, SeqCst);
    }

    // A lock held over the wait and the update.
    pub fn enter_locked(&self, max: usize) {
        let _g = self.lock.lock().unwrap();
        while self.active.load(SeqCst) >= max {
            yield_now();
        }
        self.active.fetch_add(1, SeqCst);
    }

    // `&mut self`: one waiter.
    pub fn enter_exclusive(&mut self, max: usize) {
        while self.active.load(SeqCst) >= max {
            yield_now();
        }
        self.active.fetch_add(1, SeqCst);
    }

    // A loop that does work, not a wait loop.
    pub fn drain(&self) {
        while self.active.load(SeqCst) > 0 {
            work();
        }
        self.active.store(0, SeqCst);
    }

    // The flag reset as the last thing: it is reset anyway, nothing else runs twice.
    pub fn consume(&self) {
        while !self.ready.load(SeqCst) {
            yield_now();
        }
        self.ready.store(true, SeqCst);
    }

    // A `break` exit as well: leaving the loop does not mean the condition failed.
    pub fn enter_or_give_up(&self, max: usize, tries: usize) {
        let mut n = 0;
        while self.active.load(SeqCst) >= max {
            if n > tries {
                break;
            }
            n += 1;
            yield_now();
        }
        self.active.fetch_add(1, SeqCst);
    }
}
