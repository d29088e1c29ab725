// A thread waits on a Condvar while holding a second mutex; the notifying thread needs that
// mutex before it can notify: neither goes on.
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

pub fn start() {
    let stats = Arc::new(Mutex::new(0u64));
    let stats2 = Arc::clone(&stats);
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let pair2 = Arc::clone(&pair);

    let waiter = thread::spawn(move || {
        let mut count = stats.lock().unwrap();
        let (lock, cvar) = &*pair;
        let mut ready = lock.lock().unwrap();
        while !*ready {
            ready = cvar.wait(ready).unwrap(); //~ wait-holding-lock
        }
        *count += 1;
    });

    thread::spawn(move || {
        let mut count = stats2.lock().unwrap();
        *count += 1;
        let (lock, cvar) = &*pair2;
        *lock.lock().unwrap() = true;
        cvar.notify_one();
    });
    waiter.join().unwrap();
}
