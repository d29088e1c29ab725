// The notifying thread never touches the waiter's condition under its mutex: the waiter
// checks `started`, the notification comes before it sleeps, and it sleeps forever.
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

pub fn start() {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let pair2 = Arc::clone(&pair);
    let waiter = thread::spawn(move || {
        let (lock, cvar) = &*pair;
        let mut started = lock.lock().unwrap();
        while !*started {
            started = cvar.wait(started).unwrap();
        }
    });
    thread::spawn(move || {
        let (_, cvar) = &*pair2;
        cvar.notify_one(); //~ notify-without-lock
    });
    waiter.join().unwrap();
}
