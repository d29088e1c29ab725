// Positive cases of `atomic-load-store`: an atomic is loaded and a value computed from the load
// is stored back.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

static REQUESTS: AtomicUsize = AtomicUsize::new(0);

pub fn count_request() {
    let n = REQUESTS.load(Ordering::Relaxed);
    REQUESTS.store(n + 1, Ordering::Relaxed); //~ atomic-load-store
}

pub struct Metrics {
    flags: AtomicU64,
    peak: AtomicU64,
    enabled: AtomicBool,
    total: AtomicU64,
}

impl Metrics {
    pub fn set_flag(&self, bit: u64) {
        let cur = self.flags.load(Ordering::Acquire);
        self.flags.store(cur | bit, Ordering::Release); //~ atomic-load-store
    }

    pub fn observe(&self, v: u64) {
        let old = self.peak.load(Ordering::SeqCst);
        self.peak.store(old.max(v), Ordering::SeqCst); //~ atomic-load-store
    }

    pub fn toggle(&self) {
        let on = self.enabled.load(Ordering::Relaxed);
        self.enabled.store(!on, Ordering::Relaxed); //~ atomic-load-store
    }

    pub fn halve(&self) {
        // inline: the load is an operand of the store
        self.total.store(self.total.load(Ordering::Relaxed) / 2, Ordering::Relaxed); //~ atomic-load-store
    }

    pub fn add_weighted(&self, w: u64) {
        let t = self.total.load(Ordering::Relaxed);
        let next = t + w * 3;
        self.total.store(next, Ordering::Relaxed); //~ atomic-load-store
    }
}

pub fn workers(done: Arc<AtomicUsize>) {
    for _ in 0..8 {
        let done = done.clone();
        thread::spawn(move || {
            let d = done.load(Ordering::Relaxed);
            done.store(d - 1, Ordering::Relaxed); //~ atomic-load-store
        });
    }
}

// The local is reassigned only on one path: on the other the stored value is the loaded one,
// changed.
pub struct Gauge {
    level: AtomicUsize,
}

impl Gauge {
    pub fn bump(&self, reset: bool) {
        let mut v = self.level.load(Ordering::SeqCst);
        if reset {
            v = 0;
        }
        self.level.store(v + 1, Ordering::SeqCst); //~ atomic-load-store
    }
}
