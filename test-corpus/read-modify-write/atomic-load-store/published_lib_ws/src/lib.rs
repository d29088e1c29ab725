//! A library API: `pub fn bump` may be called by any user of the published package, from
//! many threads; the worker thread below is not its only caller.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct Stats {
    total: AtomicU64,
}

impl Stats {
    pub fn bump(&self, by: u64) {
        let cur = self.total.load(Ordering::Acquire);
        self.total.store(cur + by, Ordering::Release); //~ atomic-load-store
    }

    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Acquire)
    }
}

pub fn start(stats: Arc<Stats>, rx: std::sync::mpsc::Receiver<u64>) {
    std::thread::spawn(move || {
        for n in rx {
            stats.bump(n);
        }
    });
}
