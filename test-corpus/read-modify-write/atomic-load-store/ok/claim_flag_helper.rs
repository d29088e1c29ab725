//! Near misses of `atomic-load-store`: the load and the store are in a private helper that is
//! entered only by the caller that won a claim flag beside the atomic (`swap(true, ..)`
//! returned `false`, `compare_exchange(false, true, ..)` succeeded) and the flag is cleared
//! when the work is done. A second caller loses the claim and does not enter: the helper runs
//! one call at a time, and each run starts from the newest stored value.
use arc_swap::ArcSwap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Entry {
    at: Instant,
    sent: u64,
    load: f64,
}

pub struct CachedLoad {
    ttl: Duration,
    being_updated: AtomicBool,
    inner: ArcSwap<Entry>,
}

fn sample() -> u64 {
    42
}

impl CachedLoad {
    /// The winner (`swap` gave `false`) refreshes; the flag is cleared in the helper.
    pub fn current(&self) -> f64 {
        let inner = self.inner.load();
        if inner.at + self.ttl < Instant::now() {
            if self.being_updated.swap(true, Ordering::SeqCst) {
                inner.load
            } else {
                self.refresh()
            }
        } else {
            inner.load
        }
    }

    fn refresh(&self) -> f64 {
        let old = self.inner.load();
        let sent = sample();
        let load = (sent - old.sent) as f64 / old.at.elapsed().as_secs_f64();
        self.inner.store(Arc::new(Entry { at: Instant::now(), sent, load }));
        self.being_updated.store(false, Ordering::SeqCst);
        load
    }
}

pub struct Totals {
    busy: AtomicBool,
    sum: AtomicU64,
}

impl Totals {
    /// `compare_exchange(false, true, ..)` as the claim, cleared by the caller after the call.
    pub fn add(&self, n: u64) -> bool {
        if self
            .busy
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            self.accumulate(n);
            self.busy.store(false, Ordering::Release);
            true
        } else {
            false
        }
    }

    /// An early exit for the loser, then the claimed work.
    pub fn add_or_skip(&self, n: u64) {
        if self.busy.swap(true, Ordering::AcqRel) {
            return;
        }
        self.accumulate(n * 2);
        self.busy.store(false, Ordering::Release);
    }

    fn accumulate(&self, n: u64) {
        let cur = self.sum.load(Ordering::Relaxed);
        self.sum.store(cur + n, Ordering::Relaxed);
    }
}

pub fn serve(cache: Arc<CachedLoad>, totals: Arc<Totals>) {
    for i in 0..4 {
        let c = cache.clone();
        let t = totals.clone();
        std::thread::spawn(move || {
            c.current();
            t.add(i);
            t.add_or_skip(i);
        });
    }
}
