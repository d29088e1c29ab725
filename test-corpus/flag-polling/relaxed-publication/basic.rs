use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

static READY: AtomicBool = AtomicBool::new(false);
static mut DATA: u64 = 0;

// Free functions: the writer fills a `static mut`, then sets the flag with Relaxed.
pub fn produce() {
    unsafe {
        DATA = 42;
    }
    READY.store(true, Ordering::Relaxed);
}

pub fn consume() -> u64 {
    while !READY.load(Ordering::Relaxed) { //~ relaxed-publication
        std::hint::spin_loop();
    }
    unsafe { DATA }
}

// `Arc<AtomicBool>` locals shared with a spawned closure; the payload is another atomic.
pub fn handoff() -> u64 {
    let ready = Arc::new(AtomicBool::new(false));
    let value = Arc::new(AtomicU64::new(0));
    let (r2, v2) = (ready.clone(), value.clone());
    thread::spawn(move || {
        v2.store(7, Ordering::Relaxed);
        r2.store(true, Ordering::Relaxed);
    });
    loop {
        if ready.load(Ordering::Relaxed) { //~ relaxed-publication
            break;
        }
        thread::yield_now();
    }
    value.load(Ordering::Relaxed)
}

// Methods on `&self`: the value lives in an `UnsafeCell`.
pub struct Slot {
    full: AtomicBool,
    value: UnsafeCell<u64>,
}

unsafe impl Sync for Slot {}

impl Slot {
    pub fn put(&self, v: u64) {
        unsafe { *self.value.get() = v };
        self.full.store(true, Ordering::Relaxed);
    }

    pub fn take(&self) -> u64 {
        while self.full.load(Ordering::Relaxed) == false { //~ relaxed-publication
            std::hint::spin_loop();
        }
        unsafe { *self.value.get() }
    }
}

// The reader reads nothing itself, but the writer publishes a buffer before the flag.
static FILLED: AtomicBool = AtomicBool::new(false);
static mut BUF: [u8; 4] = [0; 4];

pub fn fill() {
    unsafe {
        BUF[0] = 1;
    }
    FILLED.store(true, Ordering::Relaxed);
}

pub fn wait_filled() {
    while !FILLED.load(Ordering::Relaxed) { //~ relaxed-publication
        thread::yield_now();
    }
    print_buffer();
}

fn print_buffer() {}
