//! The one refresher thread writes the counter; readers only load it. `pub fn bump` has no
//! caller outside the workspace: the package depends on `engine-core` by path only (through
//! `[workspace.dependencies]`), so it cannot be published.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct Stats {
    total: AtomicU64,
}

impl Stats {
    pub fn bump(&self, by: u64) {
        let cur = self.total.load(Ordering::Acquire);
        self.total.store(cur + by, Ordering::Release);
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
