// Positive cases of `static-mut-rmw`.

use std::thread;

static mut COUNTER: usize = 0;
static mut TOTAL: u64 = 0;
static mut FLAGS: u32 = 0;
static mut NAMES: Vec<String> = Vec::new();

pub fn bump() {
    unsafe { COUNTER += 1 } //~ static-mut-rmw
}

pub fn add(n: u64) {
    unsafe {
        TOTAL = TOTAL + n; //~ static-mut-rmw
    }
}

pub async fn mark(bit: u32) {
    unsafe {
        FLAGS |= bit; //~ static-mut-rmw
    }
}

fn main() {
    let h = thread::spawn(|| {
        for _ in 0..1000 {
            unsafe {
                COUNTER += 1; //~ static-mut-rmw
            }
        }
    });
    unsafe {
        let v = TOTAL;
        TOTAL = v * 2; //~ static-mut-rmw
    }
    h.join().unwrap();
}

pub struct Registry;

impl Registry {
    pub fn rebuild(&self) {
        unsafe {
            NAMES = NAMES.iter().filter(|n| !n.is_empty()).cloned().collect(); //~ static-mut-rmw
        }
    }
}
