// A parker's `Inner`, unrelated to the pool's struct of the same name.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

pub struct Inner {
    pub mutex: Mutex<()>,
    pub condvar: Condvar,
    pub idle: AtomicUsize,
}

impl Inner {
    pub fn park(&self) {
        let mut g = self.mutex.lock().unwrap();
        while self.idle.load(Ordering::SeqCst) == 0 {
            g = self.condvar.wait(g).unwrap();
        }
    }

    pub fn unpark(&self) {
        let _g = self.mutex.lock().unwrap();
        self.idle.store(1, Ordering::SeqCst);
        self.condvar.notify_one();
    }
}
