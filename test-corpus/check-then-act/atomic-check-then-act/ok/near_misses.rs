// Near misses of `atomic-check-then-act`.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

static STARTED: AtomicBool = AtomicBool::new(false);
static INIT: Once = Once::new();
static COUNT: AtomicUsize = AtomicUsize::new(0);
static OTHER: AtomicBool = AtomicBool::new(false);

fn init_logging() {}

// swap: test and set in one operation.
pub fn swap_init() {
    if !STARTED.swap(true, Ordering::AcqRel) {
        init_logging();
    }
}

// compare_exchange.
pub fn cas_init() {
    if STARTED
        .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
        .is_ok()
    {
        init_logging();
    }
}

// Once.
pub fn once_init() {
    INIT.call_once(init_logging);
}

pub struct Account {
    balance: AtomicU64,
    lock: Mutex<()>,
}

impl Account {
    // fetch_update with a checked subtraction.
    pub fn withdraw(&self, amount: u64) -> bool {
        self.balance
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(amount))
            .is_ok()
    }

    // A compare_exchange loop after a fast-path load.
    pub fn withdraw_loop(&self, amount: u64) -> bool {
        let mut cur = self.balance.load(Ordering::Relaxed);
        loop {
            if cur < amount {
                return false;
            }
            match self.balance.compare_exchange_weak(cur, cur - amount, Ordering::SeqCst, Ordering::Relaxed) {
                Ok(_) => return true,
                Err(actual) => cur = actual,
            }
        }
    }

    // Check and act under one mutex held throughout.
    pub fn under_lock(&self, amount: u64) {
        let _g = self.lock.lock().unwrap();
        if self.balance.load(Ordering::SeqCst) >= amount {
            self.balance.fetch_sub(amount, Ordering::SeqCst);
        }
    }

    // `&mut self`: exclusive.
    pub fn reset(&mut self) {
        if self.balance.load(Ordering::SeqCst) > 0 {
            self.balance.store(0, Ordering::SeqCst);
        }
    }

    // The act re-checks its own result.
    pub fn bounded_add(&self, max: u64) -> bool {
        if self.balance.load(Ordering::Relaxed) >= max {
            return false;
        }
        if self.balance.fetch_add(1, Ordering::AcqRel) >= max {
            self.balance.fetch_sub(1, Ordering::AcqRel);
            return false;
        }
        true
    }
}

// Checked one atomic, wrote another.
pub fn unrelated() {
    if STARTED.load(Ordering::Acquire) {
        OTHER.store(true, Ordering::Release);
    }
}

// The only act is logging.
pub fn log_only() {
    if COUNT.load(Ordering::Relaxed) > 1000 {
        eprintln!("many");
    }
}

// A local atomic never shared.
pub fn local() -> usize {
    let n = AtomicUsize::new(0);
    if n.load(Ordering::Relaxed) == 0 {
        n.store(1, Ordering::Relaxed);
    }
    n.into_inner()
}

static RESTARTING: AtomicBool = AtomicBool::new(false);

// Only sets the flag: nothing else runs twice when two threads race (idempotent).
pub fn request_restart() {
    if RESTARTING.load(Ordering::SeqCst) {
        return;
    }
    RESTARTING.store(true, Ordering::SeqCst);
}

static CACHED: AtomicUsize = AtomicUsize::new(0);

fn probe() -> bool {
    true
}

// A memo of a computed result stored late: both threads compute and store the same answer.
pub fn supported() -> bool {
    let v = CACHED.load(Ordering::Relaxed);
    if v > 0 {
        return v == 1;
    }
    let ok = probe();
    CACHED.store(if ok { 1 } else { 2 }, Ordering::Relaxed);
    ok
}

// The store writes the value the test already saw: nothing changes, nothing is claimed.
pub fn init_mode(snapshot: bool) {
    static MODE_SET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    static MODE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if MODE_SET.load(std::sync::atomic::Ordering::SeqCst) {
        assert_eq!(MODE.load(std::sync::atomic::Ordering::SeqCst), snapshot);
        MODE_SET.store(true, std::sync::atomic::Ordering::SeqCst);
        MODE.store(snapshot, std::sync::atomic::Ordering::SeqCst);
    }
}
