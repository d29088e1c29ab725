// Status bits set together: a setter that stores two flags, each a literal `true` / `false`,
// publishes no data through either (each reader loads the bits it needs itself), even though
// a reader loads one of them with `Acquire`.

use std::sync::atomic::{AtomicBool, Ordering};

pub struct Worktable {
    started: AtomicBool,
    is_running: AtomicBool,
    is_paused: AtomicBool,
}

impl Worktable {
    pub fn set_started(&self) {
        self.started.store(true, Ordering::Relaxed);
        self.is_running.store(true, Ordering::Relaxed);
    }

    pub fn set_paused(&self) {
        self.is_running.store(false, Ordering::Relaxed);
        self.is_paused.store(true, Ordering::Relaxed);
    }

    pub fn is_running(&self) -> bool {
        self.is_running.load(Ordering::Acquire)
    }

    pub fn is_paused(&self) -> bool {
        self.is_paused.load(Ordering::Acquire)
    }
}

static CONNECTED: AtomicBool = AtomicBool::new(false);
static READY: AtomicBool = AtomicBool::new(false);

pub fn mark_ready() {
    CONNECTED.store(true, Ordering::Relaxed);
    READY.store(true, Ordering::Relaxed);
}

pub fn ready() -> bool {
    READY.load(Ordering::Acquire)
}
