// miss-1 (tokio c23735d43, blocking pool num_idle_threads TOCTOU)
// Expected rule: fetch-then-reread at line 29 and line 34.
// Gaps: (a) the fetch_sub result is NOT thrown away: it is compared with a re-load of the same
//       atomic (the rule only fires when the fetch result is discarded);
//       (b) the fetch/load go through wrapper methods (`Counter::decrement`, `Metrics::idle`)
//       that the rule does not inline.
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Default)]
pub struct Counter { v: AtomicUsize }
impl Counter {
    pub fn increment(&self) -> usize { self.v.fetch_add(1, Ordering::Relaxed) }
    pub fn decrement(&self) -> usize { self.v.fetch_sub(1, Ordering::Relaxed) }
    pub fn load(&self, o: Ordering) -> usize { self.v.load(o) }
}

#[derive(Default)]
pub struct Metrics { idle: Counter, raw: AtomicUsize }
impl Metrics {
    pub fn idle(&self) -> usize { self.idle.load(Ordering::Relaxed) }
    pub fn dec_idle(&self) -> usize { self.idle.decrement() }
}

pub struct Pool { metrics: std::sync::Arc<Metrics> }
impl Pool {
    pub fn on_exit(&self) {
        let prev = self.metrics.dec_idle();
        // another thread may decrement between the two: the check is wrong
        assert!(prev >= self.metrics.idle(), "underflow"); // line 29: expected fetch-then-reread
    }
    pub fn on_exit_raw(&self) {
        let prev = self.metrics.raw.fetch_sub(1, Ordering::Relaxed);
        // even without wrappers: result used, then compared with a reload
        assert!(prev >= self.metrics.raw.load(Ordering::Relaxed), "underflow"); // line 34
    }
}
