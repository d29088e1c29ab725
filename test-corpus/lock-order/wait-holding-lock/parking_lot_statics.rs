// parking_lot statics: `consume` holds `CONFIG` across `COND.wait(&mut g)`; `produce` needs
// `CONFIG` before it notifies.
use parking_lot::{Condvar, Mutex};

static QUEUE: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static COND: Condvar = Condvar::new();
static CONFIG: Mutex<u32> = Mutex::new(0);

pub fn consume() -> u32 {
    let limit = CONFIG.lock();
    let mut q = QUEUE.lock();
    while q.is_empty() {
        COND.wait(&mut q); //~ wait-holding-lock
    }
    q.pop().unwrap().min(*limit)
}

pub fn produce(v: u32) {
    let limit = CONFIG.lock();
    QUEUE.lock().push(v.min(*limit));
    COND.notify_one();
}
