// FP, nym HEAD daed9cd1: nym-node/src/node/http/state/load.rs:51 (atomic-load-store).
// Written from scratch.
//
// A node caches its load figures in an `ArcSwap` with a time-to-live. A reader that finds the
// entry stale claims the refresh with `being_updated.swap(true)`: only the caller that got
// `false` back refreshes (loads the old entry, computes the new one from it, stores it, clears
// the flag); every other caller returns the stale entry. racelint reports the load and the
// store in the refresh as a copy-modify-store that another thread can interleave. The swap is a
// claim: no two refreshes overlap, and each starts from the newest stored entry.
// What racelint would need: a function entered only on the winning branch of an atomic
// claim (`swap(true)` returned false, `compare_exchange` succeeded) and whose flag is released
// after the store is serialised with every other entry through the same claim.
use arc_swap::ArcSwap;
use std::sync::atomic::{AtomicBool, Ordering};
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

pub fn serve(cache: Arc<CachedLoad>) {
    for _ in 0..4 {
        let c = cache.clone();
        std::thread::spawn(move || c.current());
    }
}
