// Near misses of `atomic-load-store`.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

static REQUESTS: AtomicUsize = AtomicUsize::new(0);

pub fn count_request() {
    REQUESTS.fetch_add(1, Ordering::Relaxed);
}

pub struct Metrics {
    peak: AtomicU64,
    total: AtomicU64,
    write_lock: Mutex<()>,
}

impl Metrics {
    pub fn observe(&self, v: u64) {
        let _ = self
            .peak
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |old| Some(old.max(v)));
    }

    pub fn double(&self) {
        let mut cur = self.total.load(Ordering::Relaxed);
        loop {
            match self.total.compare_exchange_weak(cur, cur * 2, Ordering::AcqRel, Ordering::Relaxed) {
                Ok(_) => break,
                Err(actual) => cur = actual,
            }
        }
    }

    // writers are serialised by a mutex; readers read lock-free
    pub fn add_locked(&self, n: u64) {
        let _g = self.write_lock.lock().unwrap();
        let t = self.total.load(Ordering::Relaxed);
        self.total.store(t + n, Ordering::Release);
    }

    // exclusive access
    pub fn reset(&mut self) {
        let t = self.total.load(Ordering::Relaxed);
        self.total.store(t + 1, Ordering::Relaxed);
    }

    // the stored value does not come from the load
    pub fn report_and_reset(&self) {
        let t = self.total.load(Ordering::Relaxed);
        report(t);
        self.total.store(0, Ordering::Relaxed);
    }

    // loaded from one atomic, stored into another
    pub fn snapshot(&self) {
        let t = self.total.load(Ordering::Acquire);
        self.peak.store(t + 1, Ordering::Release);
    }
}

// a local atomic nobody else sees
pub fn local() -> usize {
    let c = AtomicUsize::new(0);
    let v = c.load(Ordering::Relaxed);
    c.store(v + 1, Ordering::Relaxed);
    c.into_inner()
}

fn report(_t: u64) {}
