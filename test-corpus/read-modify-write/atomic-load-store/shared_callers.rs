// A `&self` method with a load-then-store whose callers do not hold its value exclusively:
// the value is behind an `Arc` (other clones reach it), or one caller holds only `&self`,
// or a call is not resolved to a caller the analysis sees.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct Gauge {
    value: AtomicU64,
}

impl Gauge {
    fn raise(&self, v: u64) {
        let cur = self.value.load(Ordering::Relaxed);
        self.value.store(cur.max(v), Ordering::Relaxed); //~ atomic-load-store
    }
}

pub struct Peer {
    gauge: Arc<Gauge>,
}

impl Peer {
    // `&mut self`, but another `Arc` clone of the gauge is updated concurrently
    pub fn on_packet(&mut self, size: u64) {
        self.gauge.raise(size);
    }
}

pub struct Meter {
    peak: Gauge,
}

impl Meter {
    fn lower(&self, v: u64) {
        let cur = self.peak.value.load(Ordering::Relaxed);
        self.peak.value.store(cur.min(v), Ordering::Relaxed); //~ atomic-load-store
    }

    pub fn reset(&mut self, v: u64) {
        self.lower(v);
    }

    // one caller has only `&self`: two threads sharing the meter race
    pub fn sample(&self, v: u64) {
        self.lower(v);
    }
}
