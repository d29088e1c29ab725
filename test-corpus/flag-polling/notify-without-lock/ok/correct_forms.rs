// The correct forms: set under the lock and notify while holding it; set under the lock, drop
// the guard, then notify (correct: the waiter cannot miss the change); an atomic stored, then
// the mutex taken and dropped before the notify; a helper notify called under the lock; a
// waiter that wakes by itself (`wait_timeout`).
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

pub fn under_lock() {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let pair2 = Arc::clone(&pair);
    thread::spawn(move || {
        let (lock, cvar) = &*pair2;
        let mut started = lock.lock().unwrap();
        *started = true;
        cvar.notify_one();
    });
    let (lock, cvar) = &*pair;
    let mut started = lock.lock().unwrap();
    while !*started {
        started = cvar.wait(started).unwrap();
    }
}

pub fn dropped_then_notify() {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let pair2 = Arc::clone(&pair);
    thread::spawn(move || {
        let (lock, cvar) = &*pair2;
        {
            let mut started = lock.lock().unwrap();
            *started = true;
        }
        cvar.notify_all();
    });
    let (lock, cvar) = &*pair;
    let _g = cvar.wait_while(lock.lock().unwrap(), |s| !*s).unwrap();
}

pub struct Pool {
    queue: Mutex<Vec<u32>>,
    available: Condvar,
    stop: AtomicBool,
    idle: Mutex<bool>,
    tick: Condvar,
}

impl Pool {
    pub fn worker(&self) -> Option<u32> {
        let mut q = self.queue.lock().unwrap();
        while q.is_empty() && !self.stop.load(Ordering::Acquire) {
            q = self.available.wait(q).unwrap();
        }
        q.pop()
    }

    pub fn shutdown(&self) {
        self.stop.store(true, Ordering::Release);
        drop(self.queue.lock().unwrap());
        self.available.notify_all();
    }

    fn wake(&self) {
        self.available.notify_one();
    }

    pub fn push(&self, v: u32) {
        let mut q = self.queue.lock().unwrap();
        q.push(v);
        self.wake();
    }

    pub fn nap(&self) {
        let g = self.idle.lock().unwrap();
        let _ = self.tick.wait_timeout(g, Duration::from_millis(10)).unwrap();
    }

    pub fn poke(&self) {
        self.tick.notify_one();
    }
}
