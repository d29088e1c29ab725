// Positive cases of `fetch-then-reset`: the result of a `fetch_add` / `fetch_sub` is tested,
// then the atomic is reset by a separate store, losing the updates made in between.

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;
use std::thread;

pub struct Batch {
    pending: AtomicUsize,
}

fn flush() {}

impl Batch {
    // Every 100th call flushes; increments made before the store are lost.
    pub fn add(&self) {
        if self.pending.fetch_add(1, SeqCst) == 99 {
            self.pending.store(0, SeqCst); //~ fetch-then-reset
            flush();
        }
    }
}

static WINDOW: AtomicU32 = AtomicU32::new(0);
const LIMIT: u32 = 10;

// The result bound first, then tested.
pub fn allow() -> bool {
    let seen = WINDOW.fetch_add(1, Ordering::Relaxed);
    if seen >= LIMIT {
        WINDOW.store(0, Ordering::Relaxed); //~ fetch-then-reset
        return false;
    }
    true
}

// Through `Arc` clones in spawned threads.
pub fn spawn_counters() {
    let ticks = Arc::new(AtomicUsize::new(0));
    for _ in 0..4 {
        let ticks = ticks.clone();
        thread::spawn(move || {
            if ticks.fetch_add(1, Ordering::AcqRel) + 1 >= 10 {
                ticks.store(0, Ordering::Release); //~ fetch-then-reset
            }
        });
    }
}
