// `atomic-load-store` where the stored value is computed from the load through other `let`s:
// the statements move into a `fetch_update` closure (a compare-exchange loop) when they are one
// straight run; otherwise only advice.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct Pool {
    max_tasks: AtomicU64,
    state: AtomicU64,
}

impl Pool {
    pub fn scale(&self, threads: u64, size: u64) {
        let max = self.max_tasks.load(Ordering::Acquire);
        let per = max / size.max(1);
        let next = per * threads;
        self.max_tasks.store(next, Ordering::Release); //~ atomic-load-store
    }

    pub fn bump_generation(&self, running: u32) {
        let state = self.state.load(Ordering::Relaxed);
        let generation = (state as u32).saturating_add(1);
        self.state //~ atomic-load-store
            .store(generation as u64 | ((running as u64) << 32), Ordering::Relaxed);
    }

    // leaves early between the load and the store: advice only
    pub fn bump_if_running(&self) -> u32 {
        let state = self.state.load(Ordering::Relaxed);
        let running = (state >> 32) as u32;
        if running == 0 {
            return 0;
        }
        let next = state + 1;
        self.state.store(next, Ordering::Relaxed); //~ atomic-load-store
        running
    }

    // the load and its change bound by one `let` (tantivy's generation counter): an update,
    // not a restore of the loaded value
    pub fn next_generation(&self) -> u64 {
        let next = self.state.load(Ordering::Acquire) + 1;
        self.state.store(next, Ordering::Release); //~ atomic-load-store
        next
    }
}

pub fn run(p: Arc<Pool>) {
    let p2 = p.clone();
    std::thread::spawn(move || {
        p2.scale(4, 2);
        p2.bump_generation(1);
    });
    p.scale(2, 4);
    p.bump_generation(2);
    p.bump_if_running();
    p.next_generation();
}
