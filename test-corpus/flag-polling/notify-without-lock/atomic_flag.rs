// A worker pool: the stop flag is an atomic stored without the queue's mutex. A worker that
// has just seen `stop == false` and an empty queue misses both the store and the notify.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};

pub struct Pool {
    queue: Mutex<Vec<Box<dyn FnOnce() + Send>>>,
    available: Condvar,
    stop: AtomicBool,
}

impl Pool {
    pub fn worker(&self) {
        loop {
            let mut q = self.queue.lock().unwrap();
            while q.is_empty() && !self.stop.load(Ordering::Acquire) {
                q = self.available.wait(q).unwrap();
            }
            match q.pop() {
                Some(job) => {
                    drop(q);
                    job()
                }
                None => return,
            }
        }
    }

    pub fn shutdown(&self) {
        self.stop.store(true, Ordering::Release);
        self.available.notify_all(); //~ notify-without-lock
    }
}
