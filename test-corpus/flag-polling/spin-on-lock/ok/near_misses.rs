use std::collections::VecDeque;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

// Condvar::wait_while.
pub fn wait_cv(pair: Arc<(Mutex<bool>, Condvar)>) {
    let (lock, cvar) = &*pair;
    let _g = cvar.wait_while(lock.lock().unwrap(), |done| !*done).unwrap();
}

// Condvar::wait in the loop.
pub fn wait_cv_loop(lock: &Mutex<bool>, cvar: &Condvar) {
    let mut done = lock.lock().unwrap();
    while !*done {
        done = cvar.wait(done).unwrap();
    }
}

// Sleeping between checks is sleep-polling, not spinning.
pub fn wait_sleeping(done: &Mutex<bool>) {
    while !*done.lock().unwrap() {
        thread::sleep(Duration::from_millis(10));
    }
}

// The loop does real work: it drains a queue.
pub fn drain(queue: &Mutex<VecDeque<u32>>) {
    while !queue.lock().unwrap().is_empty() {
        let job = queue.lock().unwrap().pop_front();
        run(job);
    }
}

fn run(_job: Option<u32>) {}

// `while let` pops.
pub fn drain_let(queue: &Mutex<Vec<u32>>) {
    while let Some(job) = queue.lock().unwrap().pop() {
        run(Some(job));
    }
}

// A channel.
pub fn wait_channel(rx: Receiver<()>) {
    rx.recv().unwrap();
}

// Spinning to acquire a lock with try_lock is not polling a value.
pub fn spin_acquire(m: &Mutex<u32>) -> u32 {
    loop {
        if let Ok(g) = m.try_lock() {
            break *g;
        }
        std::hint::spin_loop();
    }
}
