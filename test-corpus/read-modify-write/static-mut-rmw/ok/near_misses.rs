// Near misses of `static-mut-rmw`.

use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);
static mut CONFIG: u32 = 0;
static mut LIMIT: u32 = 10;

pub fn bump() {
    COUNTER.fetch_add(1, Ordering::Relaxed);
}

// a plain store (no read of the old value)
pub fn configure(v: u32) {
    unsafe {
        CONFIG = v;
    }
}

// only a read
pub fn limit() -> u32 {
    unsafe { LIMIT }
}

// a local that shadows the static's name
pub fn shadow() -> u32 {
    let mut CONFIG = 1;
    CONFIG += 1;
    CONFIG
}

// `main` in a program that starts no other thread
fn main() {
    unsafe {
        LIMIT += 5;
        CONFIG = CONFIG * 2;
    }
    println!("{}", limit());
}
