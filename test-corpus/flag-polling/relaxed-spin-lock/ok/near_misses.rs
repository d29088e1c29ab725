use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, Ordering};

// Acquire to take, Release to give back.
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            while self.locked.load(Ordering::Relaxed) {
                std::hint::spin_loop();
            }
        }
        let r = f(unsafe { &mut *self.value.get() });
        self.locked.store(false, Ordering::Release);
        r
    }

    // `&mut self`: nobody else holds the lock
    pub fn reset(&mut self) {
        self.locked.store(false, Ordering::Relaxed);
    }
}

// A one-shot "am I first" claim, not retried, never given back.
static STARTED: AtomicBool = AtomicBool::new(false);

pub fn start_once() -> bool {
    STARTED
        .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)
        .is_ok()
}

// A loop that waits for an event and consumes it: not a lock.
static READY: AtomicBool = AtomicBool::new(false);

pub fn wait_event() {
    while !READY.swap(false, Ordering::Relaxed) {
        std::hint::spin_loop();
    }
}

pub fn signal() {
    READY.store(true, Ordering::Relaxed);
}

// A claim retried but never released by a store: a latch, not a lock.
static CLAIMED: AtomicBool = AtomicBool::new(false);

pub fn claim() {
    while CLAIMED
        .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)
        .is_err()
    {
        std::thread::yield_now();
    }
}
