use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::thread;

static READY: AtomicBool = AtomicBool::new(false);
static mut COUNTER: u32 = 0;
static CONFIG: OnceLock<String> = OnceLock::new();
const BUSY: u32 = 1;

// An atomic flag with Acquire / Release.
pub fn wait_atomic() {
    while !READY.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
}

pub fn set_atomic() {
    READY.store(true, Ordering::Release);
}

// A single-threaded loop on a local flag.
pub fn run_steps() {
    let mut done = false;
    while !done {
        done = step();
    }
}

fn step() -> bool {
    true
}

// A device register polled with volatile reads through a pointer of unknown origin (MMIO).
pub fn wait_uart(status: *const u32) {
    while unsafe { status.read_volatile() } & BUSY != 0 {}
}

// A loop that changes the `static mut` itself is not waiting for anybody.
pub fn count_to_ten() {
    while unsafe { COUNTER } < 10 {
        // racelint: allow(static-mut-rmw) this example runs on one thread; the case is about polling
        unsafe { COUNTER += 1 };
    }
}

// A condition variable.
pub fn wait_condvar(pair: &(Mutex<bool>, Condvar)) {
    let (lock, cvar) = pair;
    let mut ready = lock.lock().unwrap();
    while !*ready {
        ready = cvar.wait(ready).unwrap();
    }
}

// A `OnceLock` check.
pub fn config_or_default() -> String {
    while CONFIG.get().is_none() {
        thread::yield_now();
    }
    CONFIG.get().cloned().unwrap_or_default()
}

// A one-shot read of a `static mut`, no loop.
pub fn read_once() -> u32 {
    unsafe { COUNTER }
}
