// Free functions over statics: the "closed" flag is an atomic stored without the mutex the
// reader waits under.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};

static INBOX: Mutex<Vec<String>> = Mutex::new(Vec::new());
static ARRIVED: Condvar = Condvar::new();
static CLOSED: AtomicBool = AtomicBool::new(false);

pub fn next_message() -> Option<String> {
    let mut inbox = INBOX.lock().unwrap();
    while inbox.is_empty() && !CLOSED.load(Ordering::SeqCst) {
        inbox = ARRIVED.wait(inbox).unwrap();
    }
    inbox.pop()
}

pub fn close() {
    CLOSED.store(true, Ordering::SeqCst);
    ARRIVED.notify_all(); //~ notify-without-lock
}
