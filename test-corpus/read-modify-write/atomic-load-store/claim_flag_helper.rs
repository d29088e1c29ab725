//! A claim flag serialises only the callers that take it: a helper that is `pub` (callable
//! without the claim), one also called by a method that does not claim, or one called before
//! the claim is taken is run by two threads at once.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

pub struct Totals {
    busy: AtomicBool,
    sum: AtomicU64,
    peak: AtomicU64,
    count: AtomicU64,
}

impl Totals {
    pub fn add(&self, n: u64) {
        if self.busy.swap(true, Ordering::AcqRel) {
            return;
        }
        self.accumulate(n);
        self.raise(n);
        self.busy.store(false, Ordering::Release);
    }

    /// Public: any caller can run it without the claim.
    pub fn accumulate(&self, n: u64) {
        let cur = self.sum.load(Ordering::Relaxed);
        self.sum.store(cur + n, Ordering::Relaxed); //~ atomic-load-store
    }

    fn raise(&self, v: u64) {
        let old = self.peak.load(Ordering::Relaxed);
        self.peak.store(old.max(v), Ordering::Relaxed); //~ atomic-load-store
    }

    /// Also runs `raise` with no claim.
    pub fn observe(&self, v: u64) {
        self.raise(v);
    }

    /// The helper runs before the claim is taken.
    pub fn tick(&self) {
        self.bump();
        if self.busy.swap(true, Ordering::AcqRel) {
            return;
        }
        self.busy.store(false, Ordering::Release);
    }

    fn bump(&self) {
        let c = self.count.load(Ordering::Relaxed);
        self.count.store(c + 1, Ordering::Relaxed); //~ atomic-load-store
    }
}

pub fn serve(t: Arc<Totals>) {
    for i in 0..4 {
        let t = t.clone();
        std::thread::spawn(move || {
            t.add(i);
            t.observe(i);
            t.tick();
        });
    }
}
