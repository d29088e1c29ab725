// `if` instead of `while`: after a spurious wake-up the thread goes on with `started` false.
use std::sync::{Arc, Condvar, Mutex};

pub fn wait_started(pair: Arc<(Mutex<bool>, Condvar)>) {
    let (lock, cvar) = &*pair;
    let mut started = lock.lock().unwrap();
    if !*started {
        started = cvar.wait(started).unwrap(); //~ wait-without-loop
    }
    assert!(*started);
}

pub fn start(pair: Arc<(Mutex<bool>, Condvar)>) {
    let (lock, cvar) = &*pair;
    *lock.lock().unwrap() = true;
    cvar.notify_all();
}
