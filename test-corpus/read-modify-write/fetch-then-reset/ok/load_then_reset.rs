// Near misses of the load-then-reset shape of `fetch-then-reset`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct Stats {
    queries: AtomicU64,
    peak: AtomicU64,
    writer: Mutex<()>,
}

impl Stats {
    pub fn query(&self) {
        self.queries.fetch_add(1, Ordering::Relaxed);
    }

    // already one step
    pub fn collect(&self) -> u64 {
        self.queries.swap(0, Ordering::Relaxed)
    }

    // nobody adds to `peak`: a plain store of a new value
    pub fn reset_peak(&self) -> u64 {
        let p = self.peak.load(Ordering::Relaxed);
        self.peak.store(0, Ordering::Relaxed);
        p
    }

    // a compare-and-swap in between re-checks
    pub fn drain(&self) -> u64 {
        let q = self.queries.load(Ordering::Relaxed);
        let _ = self
            .queries
            .compare_exchange(q, q, Ordering::AcqRel, Ordering::Relaxed);
        self.queries.store(0, Ordering::Relaxed);
        q
    }

    // the load is thrown away
    pub fn touch(&self) {
        self.queries.load(Ordering::Relaxed);
        self.queries.store(0, Ordering::Relaxed);
    }

    // the owner alone
    pub fn reset(&mut self) -> u64 {
        let q = self.queries.load(Ordering::Relaxed);
        self.queries.store(0, Ordering::Relaxed);
        q
    }
}

pub fn run(s: Arc<Stats>) {
    let s2 = s.clone();
    std::thread::spawn(move || {
        s2.query();
        let _ = s2.collect();
        let _ = s2.reset_peak();
        let _ = s2.drain();
        s2.touch();
    });
}
