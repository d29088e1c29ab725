// The new value is computed by an `if`/`else` or a `match` between the load and the store
// (rustfs's adaptive spin count, a back-off level, a mode cycled by a free function): the
// statements move into a `fetch_update` closure, nested blocks and all, and the closure runs
// again on the newest value when another thread stored in between.
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU32, AtomicUsize, Ordering};

pub struct SpinTuner {
    current_spin: AtomicUsize,
    max_spin: usize,
}

impl SpinTuner {
    pub fn adapt_spin(&self, success: bool) {
        let current = self.current_spin.load(Ordering::Relaxed);
        let new_count = if success {
            // more spins on success (up to the maximum)
            (current * 2).min(self.max_spin)
        } else {
            // fewer on failure (down to ten)
            (current / 2).max(10)
        };
        self.current_spin.store(new_count, Ordering::Relaxed); //~ atomic-load-store
    }
}

static MODE: AtomicU8 = AtomicU8::new(0);

pub fn cycle_mode(backwards: bool) {
    let mode = MODE.load(Ordering::Acquire);
    let next = match (mode, backwards) {
        (0, true) => 2,
        (m, true) => m - 1,
        (2, false) => 0,
        (m, false) => m + 1,
    };
    MODE.store(next, Ordering::Release); //~ atomic-load-store
}

pub fn backoff_worker(level: Arc<AtomicU32>, failures: u32) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let seen = level.load(Ordering::SeqCst);
        let mut next = seen;
        if failures > 3 {
            next = seen.saturating_mul(2);
        } else if seen > 1 {
            next = seen / 2;
        }
        level.store(next, Ordering::SeqCst); //~ atomic-load-store
    })
}

pub fn run(t: Arc<SpinTuner>) {
    let t2 = t.clone();
    let h = std::thread::spawn(move || t2.adapt_spin(true));
    t.adapt_spin(false);
    h.join().unwrap();
    let h = std::thread::spawn(|| cycle_mode(false));
    cycle_mode(true);
    h.join().unwrap();
    let level = Arc::new(AtomicU32::new(1));
    let h = backoff_worker(level.clone(), 5);
    backoff_worker(level, 0).join().unwrap();
    h.join().unwrap();
}
