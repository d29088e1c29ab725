use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

// A generic spin lock: `compare_exchange` in a `while`, `Relaxed` both ways.
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub fn lock(&self) -> &mut T {
        while self
            .locked
            .compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed) //~ relaxed-spin-lock
            .is_err()
        {
            std::hint::spin_loop();
        }
        unsafe { &mut *self.value.get() }
    }

    pub fn unlock(&self) {
        self.locked.store(false, Ordering::Relaxed); //~ relaxed-spin-lock
    }
}

// A static busy flag taken with `swap` by a free function; the critical section writes a
// `static mut` buffer.
static BUSY: AtomicBool = AtomicBool::new(false);
static mut LOG: [u8; 64] = [0; 64];

pub fn append(b: u8) {
    while BUSY.swap(true, Ordering::Relaxed) { //~ relaxed-spin-lock
        std::thread::yield_now();
    }
    unsafe {
        LOG[0] = b;
    }
    BUSY.store(false, Ordering::Release);
}

// An integer lock word in a `loop` with `compare_exchange_weak`, released by a closure.
pub struct Word {
    state: AtomicU32,
    counter: UnsafeCell<u64>,
}

unsafe impl Sync for Word {}

const UNLOCKED: u32 = 0;
const LOCKED: u32 = 1;

impl Word {
    pub fn bump(&self) -> u64 {
        loop {
            if self
                .state
                .compare_exchange_weak(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                break;
            }
            std::hint::spin_loop();
        }
        let v = unsafe {
            *self.counter.get() += 1;
            *self.counter.get()
        };
        let release = || self.state.store(UNLOCKED, Ordering::Relaxed); //~ relaxed-spin-lock
        release();
        v
    }
}
