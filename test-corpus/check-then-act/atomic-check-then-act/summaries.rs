// The test or the write is a helper's atomic operation (`self.has_budget()`,
// `self.mark_started()`): still two separate atomic operations.
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

pub struct Pool {
    budget: AtomicU64,
    started: AtomicBool,
    active: AtomicUsize,
}

impl Pool {
    fn has_budget(&self) -> bool {
        self.budget.load(Ordering::SeqCst) > 0
    }

    fn is_started(&self) -> bool {
        self.started.load(Ordering::Acquire)
    }

    fn mark_started(&self) {
        self.started.store(true, Ordering::Release);
    }

    fn active(&self) -> usize {
        self.active.load(Ordering::Relaxed)
    }

    fn enter(&self) {
        self.active.fetch_add(1, Ordering::Relaxed);
    }

    pub fn spend(&self) {
        if !self.has_budget() { //~ atomic-check-then-act
            return;
        }
        self.budget.fetch_sub(1, Ordering::SeqCst);
    }

    pub fn start(&self) {
        if !self.is_started() { //~ atomic-check-then-act
            self.mark_started();
            spawn_worker();
        }
    }

    pub fn admit(&self, max: usize) -> bool {
        if self.active() >= max { //~ atomic-check-then-act
            return false;
        }
        self.enter();
        true
    }
}

// a trait's default method over an accessor the implementor provides
pub trait Gate {
    fn open_flag(&self) -> &AtomicBool;

    fn is_open(&self) -> bool {
        self.open_flag().load(Ordering::SeqCst)
    }
}

pub struct Door {
    open: AtomicBool,
}

impl Gate for Door {
    fn open_flag(&self) -> &AtomicBool {
        &self.open
    }
}

impl Door {
    pub fn open_once(&self) {
        if !self.is_open() { //~ atomic-check-then-act
            self.open.store(true, Ordering::SeqCst);
            spawn_worker();
        }
    }
}

// a free function taking the atomic
fn remaining(c: &AtomicU64) -> u64 {
    c.load(Ordering::SeqCst)
}

pub fn take_one(c: &AtomicU64) {
    if remaining(c) > 0 { //~ atomic-check-then-act
        c.fetch_sub(1, Ordering::SeqCst);
    }
}

fn spawn_worker() {}
