// A task pool's `Inner`: notifies its own condvar after pushing under its own mutex.
// Another module has a private struct also called `Inner` whose condvar is waited on with a
// different mutex: the two condvars are unrelated objects, so nothing here is a notify
// without the waiter's lock.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

pub struct Inner {
    pub shared: Mutex<Vec<u32>>,
    pub condvar: Condvar,
    pub idle: AtomicUsize,
}

impl Inner {
    pub fn spawn(&self, t: u32) {
        self.shared.lock().unwrap().push(t);
        self.idle.fetch_sub(1, Ordering::Relaxed);
        self.condvar.notify_one();
    }
}
