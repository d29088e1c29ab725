// Suppressions that suppress a finding are not reported.

use std::sync::Mutex;

pub fn nested(m: &Mutex<u32>) {
    let a = m.lock().unwrap();
    // racelint: allow(double-lock) this function is the deadlock test of the lock's watchdog
    let b = m.lock().unwrap();
    drop((a, b));
}

pub fn by_category(m: &Mutex<u32>) {
    let a = m.lock().unwrap();
    let b = m.lock().unwrap(); // racelint: allow(lock-order) same as above, category form
    drop((a, b));
}
