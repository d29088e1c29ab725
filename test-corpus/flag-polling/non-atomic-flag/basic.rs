use std::cell::UnsafeCell;
use std::ptr;
use std::thread;
use std::time::Duration;

static mut READY: bool = false;
static mut STAGE: u32 = 0;
static mut DONE: bool = false;

// A free function waits on a `static mut` set by a spawned thread.
pub fn wait_for_ready() {
    thread::spawn(|| unsafe {
        READY = true;
    });
    while unsafe { !READY } {} //~ non-atomic-flag
}

// `loop` + `if .. { break }` on a `static mut` integer, with a spin hint.
pub fn wait_for_stage() {
    loop {
        if unsafe { STAGE } == 2 { //~ non-atomic-flag
            break;
        }
        std::hint::spin_loop();
    }
}

pub fn advance() {
    unsafe {
        STAGE = 2;
    }
}

// Polling through a raw pointer handed to this thread.
pub fn wait_raw(flag: *const bool) {
    while unsafe { !*flag } { //~ non-atomic-flag
        std::hint::spin_loop();
    }
}

// A hand-rolled signal around an `UnsafeCell`.
pub struct Signal {
    ready: UnsafeCell<bool>,
}

unsafe impl Sync for Signal {}

impl Signal {
    pub fn set(&self) {
        unsafe { *self.ready.get() = true };
    }

    pub fn wait(&self) {
        while !unsafe { *self.ready.get() } { //~ non-atomic-flag
            thread::yield_now();
        }
    }
}

// Volatile reads are not synchronization.
pub fn wait_volatile() {
    while unsafe { ptr::read_volatile(ptr::addr_of!(DONE)) } == false { //~ non-atomic-flag
        thread::sleep(Duration::from_millis(1));
    }
}

// A reference made from a raw pointer, polled in a spawned closure.
pub fn spawn_waiter(p: *const bool) {
    let addr = p as usize;
    thread::spawn(move || {
        let p = addr as *const bool;
        let r: &bool = unsafe { &*p };
        while !*r { //~ non-atomic-flag
            std::hint::spin_loop();
        }
    });
}
