// `fetch-then-reset`: a counter is loaded and then reset by a separate store while other code
// adds to it; what is added in between is lost. One `swap` reads and resets in one step.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

static DROPPED: AtomicUsize = AtomicUsize::new(0);

pub fn on_drop() {
    DROPPED.fetch_add(1, Ordering::Relaxed);
}

pub fn report() -> usize {
    let n = DROPPED.load(Ordering::Acquire);
    DROPPED.store(0, Ordering::Release); //~ fetch-then-reset
    n
}

#[derive(Default)]
pub struct Stats {
    queries: AtomicU64,
    avg_queries: AtomicU64,
}

impl Stats {
    pub fn query(&self) {
        self.queries.fetch_add(1, Ordering::Relaxed);
    }

    pub fn collect(&self, period: u64) {
        let q = self.queries.load(Ordering::Relaxed);
        self.avg_queries.store(q / period, Ordering::Relaxed);
        self.queries.store(0, Ordering::Relaxed); //~ fetch-then-reset
    }

    // a reset only past a threshold: a test of the loaded value, `atomic-check-then-act`'s
    pub fn maybe_flush(&self) -> bool {
        let q = self.queries.load(Ordering::Relaxed); //~ atomic-check-then-act
        if q > 1000 {
            self.queries.store(0, Ordering::Relaxed);
            return true;
        }
        false
    }
}

pub fn run(s: Arc<Stats>) {
    let s2 = s.clone();
    std::thread::spawn(move || {
        s2.query();
        on_drop();
    });
    s.collect(15);
    s.maybe_flush();
    report();
}
