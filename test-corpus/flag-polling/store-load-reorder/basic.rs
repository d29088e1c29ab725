use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

// A parker and its notifier: each announces itself, then checks the other.
pub struct Parker {
    sleeping: AtomicBool,
    notified: AtomicBool,
}

impl Parker {
    pub fn park(&self) {
        self.sleeping.store(true, Ordering::Release); //~ store-load-reorder
        if !self.notified.load(Ordering::Acquire) {
            std::thread::park();
        }
        self.sleeping.store(false, Ordering::Relaxed);
    }

    pub fn unpark(&self, t: &std::thread::Thread) {
        self.notified.store(true, Ordering::Release);
        if self.sleeping.load(Ordering::Acquire) {
            t.unpark();
        }
    }
}

// Dekker-style entry with statics and free functions; one side already SeqCst.
static WANTS_A: AtomicBool = AtomicBool::new(false);
static WANTS_B: AtomicBool = AtomicBool::new(false);

pub fn enter_a() -> bool {
    WANTS_A.store(true, Ordering::SeqCst); //~ store-load-reorder
    if WANTS_B.load(Ordering::SeqCst) {
        WANTS_A.store(false, Ordering::SeqCst);
        return false;
    }
    true
}

pub fn enter_b() -> bool {
    WANTS_B.store(true, Ordering::Release);
    while WANTS_A.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
    true
}

// A worker pool: an idle counter and a queue length, through an `Arc` in closures' helpers.
pub struct Pool {
    idle: AtomicUsize,
    queued: AtomicUsize,
}

impl Pool {
    pub fn submit(self: &Arc<Self>) {
        self.queued.store(1, Ordering::Release); //~ store-load-reorder
        if self.idle.load(Ordering::Relaxed) > 0 {
            wake_one();
        }
    }

    pub fn go_idle(self: &Arc<Self>) {
        self.idle.store(1, Ordering::Release);
        if self.queued.load(Ordering::Acquire) == 0 {
            sleep_now();
        }
    }
}

fn wake_one() {}
fn sleep_now() {}
