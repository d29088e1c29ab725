// Wait loops as the check of `atomic-check-then-act`: the loop is left once its condition
// fails, and the update after it is a separate atomic operation, so two waiters can both
// leave on the same value and both act.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;
use std::thread;
use std::thread::yield_now;
use std::time::Duration;

pub struct Slots {
    active: AtomicUsize,
}

impl Slots {
    // Two waiters both leave the loop and both add: past `max`.
    pub fn enter(&self, max: usize) {
        while self.active.load(SeqCst) >= max { //~ atomic-check-then-act
            yield_now();
        }
        self.active.fetch_add(1, SeqCst);
    }
}

static LOCKED: AtomicBool = AtomicBool::new(false);

// A hand-made spin lock: two threads both see it free and both take it.
pub fn lock() {
    while LOCKED.load(Ordering::Acquire) { //~ atomic-check-then-act
        std::hint::spin_loop();
    }
    LOCKED.store(true, Ordering::Relaxed);
}

pub fn unlock() {
    LOCKED.store(false, Ordering::Release);
}

// Free function over an `Arc` clone in spawned threads, sleeping between polls.
pub fn spawn_takers(budget: Arc<AtomicUsize>) {
    for _ in 0..4 {
        let budget = budget.clone();
        thread::spawn(move || {
            while budget.load(Ordering::Acquire) == 0 { //~ atomic-check-then-act
                thread::sleep(Duration::from_millis(1));
            }
            budget.fetch_sub(1, Ordering::AcqRel);
        });
    }
}
