use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

static INITIALIZED: AtomicBool = AtomicBool::new(false);
static mut TABLE: [u32; 8] = [0; 8];

// A static flag: the readers use Acquire, the writer Relaxed.
pub fn init_table() {
    unsafe {
        TABLE[0] = 1;
    }
    INITIALIZED.store(true, Ordering::Relaxed); //~ relaxed-flag-store
}

pub fn table() -> u32 {
    while !INITIALIZED.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
    unsafe { TABLE[0] }
}

// A struct field on `&self`, read with `if flag.load(Acquire)`.
pub struct Job {
    done: AtomicBool,
    result: UnsafeCell<Option<String>>,
}

unsafe impl Sync for Job {}

impl Job {
    pub fn complete(&self, r: String) {
        unsafe { *self.result.get() = Some(r) };
        self.done.store(true, Ordering::Relaxed); //~ relaxed-flag-store
    }

    pub fn result(&self) -> Option<String> {
        if self.done.load(Ordering::Acquire) {
            unsafe { (*self.result.get()).clone() }
        } else {
            None
        }
    }
}

// A spin lock whose unlock is Relaxed: the next owner's Acquire CAS does not synchronize.
pub struct RawSpin {
    locked: AtomicBool,
}

impl RawSpin {
    pub fn lock(&self) {
        while self
            .locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
    }

    pub fn unlock(&self) {
        self.locked.store(false, Ordering::Relaxed); //~ relaxed-flag-store
    }
}

// An `Arc<AtomicBool>` set from a spawned closure.
pub fn start_and_wait() {
    let started = Arc::new(AtomicBool::new(false));
    let s2 = Arc::clone(&started);
    thread::spawn(move || {
        prepare();
        s2.store(true, Ordering::Relaxed); //~ relaxed-flag-store
    });
    while !started.load(Ordering::Acquire) {
        thread::yield_now();
    }
}

fn prepare() {}
