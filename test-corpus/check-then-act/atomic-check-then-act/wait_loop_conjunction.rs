// A wait loop whose condition also tests a plain value (`max > 0 &&`, "is there a bound at
// all") still checks the atomic: two waiters can leave on the same count and both take a
// slot (vector's task-slot limiter). Only the conjunct that loads the atomic is the check;
// the edit keeps the other conjuncts in the loop and runs the separate update only where
// they kept the loop from running (the unbounded case).
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub async fn wait_for_slot(max_tasks: usize, active: &Arc<AtomicUsize>) {
    while max_tasks > 0 && max_tasks <= active.load(Ordering::Acquire) { //~ atomic-check-then-act async-sleep-poll
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    active.fetch_add(1, Ordering::AcqRel);
}

pub struct Limiter {
    limit: usize,
    enabled: bool,
    used: AtomicUsize,
}

impl Limiter {
    pub fn acquire(&self) {
        while self.enabled && self.used.load(Ordering::SeqCst) >= self.limit { //~ atomic-check-then-act
            std::thread::yield_now();
        }
        self.used.fetch_add(1, Ordering::SeqCst);
    }
}
