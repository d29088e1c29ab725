use std::cell::UnsafeCell;
use std::sync::atomic::{fence, AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

static READY: AtomicBool = AtomicBool::new(false);
static mut DATA: u64 = 0;

// Release / Acquire: correct publication.
pub fn produce() {
    unsafe { DATA = 1 };
    READY.store(true, Ordering::Release);
}

pub fn consume() -> u64 {
    while !READY.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
    unsafe { DATA }
}

// A Relaxed stop flag that publishes nothing: the correct idiom.
pub fn worker(stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        do_work();
    }
}

fn do_work() {}

// A Relaxed stop flag polled with sleeps; the writer stores nothing else.
pub struct Service {
    shutdown: AtomicBool,
}

impl Service {
    pub fn stop(&self) {
        self.shutdown.store(true, Ordering::Relaxed);
    }

    pub fn wait_stopped(&self) {
        while !self.shutdown.load(Ordering::Relaxed) {
            thread::sleep(Duration::from_millis(5));
        }
        log_stopped();
    }
}

fn log_stopped() {}

// Test-and-test-and-set spin lock: the Relaxed inner loop is followed by an Acquire CAS.
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

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
}

// A Relaxed wait followed by an Acquire fence.
static FLAG: AtomicBool = AtomicBool::new(false);
static VALUE: AtomicU64 = AtomicU64::new(0);

pub fn fenced_reader() -> u64 {
    while !FLAG.load(Ordering::Relaxed) {
        std::hint::spin_loop();
    }
    fence(Ordering::Acquire);
    VALUE.load(Ordering::Relaxed)
}

pub fn fenced_writer() {
    VALUE.store(3, Ordering::Relaxed);
    fence(Ordering::Release);
    FLAG.store(true, Ordering::Relaxed);
}

// SeqCst everywhere.
static GO: AtomicBool = AtomicBool::new(false);
static PAYLOAD: AtomicU64 = AtomicU64::new(0);

pub fn seq_writer() {
    PAYLOAD.store(9, Ordering::SeqCst);
    GO.store(true, Ordering::SeqCst);
}

pub fn seq_reader() -> u64 {
    while !GO.load(Ordering::SeqCst) {}
    PAYLOAD.load(Ordering::SeqCst)
}

// The data is behind a mutex: the lock synchronizes on its own.
pub fn mutex_data(ready: &AtomicBool, data: &Mutex<Vec<u8>>) -> usize {
    while !ready.load(Ordering::Relaxed) {
        thread::yield_now();
    }
    data.lock().unwrap().len()
}
