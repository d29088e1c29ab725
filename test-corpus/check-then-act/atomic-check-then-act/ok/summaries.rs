// Near misses with helpers: the check and the act are one atomic operation, or the act is
// on another atomic, or the owner is exclusive.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub struct Pool {
    budget: AtomicU64,
    started: AtomicBool,
    other: AtomicU64,
}

impl Pool {
    fn has_budget(&self) -> bool {
        self.budget.load(Ordering::SeqCst) > 0
    }

    // the claim is one swap
    fn claim(&self) -> bool {
        !self.started.swap(true, Ordering::AcqRel)
    }

    pub fn start(&self) {
        if self.claim() {
            spawn_worker();
        }
    }

    // the write is on another atomic
    pub fn count_other(&self) {
        if self.has_budget() {
            self.other.fetch_add(1, Ordering::Relaxed);
        }
    }

    // `&mut self`: nothing else runs between the check and the act
    pub fn spend(&mut self) {
        if !self.has_budget() {
            return;
        }
        self.budget.fetch_sub(1, Ordering::SeqCst);
    }

    // the decrement's result is checked again
    pub fn spend_checked(&self) {
        if !self.has_budget() {
            return;
        }
        if self.budget.fetch_sub(1, Ordering::SeqCst) == 0 {
            self.budget.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn spawn_worker() {}
