use std::sync::{Arc, Mutex, RwLock};
use std::thread;

// The classic: spin until a mutex-protected bool flips.
pub fn wait_done(done: Arc<Mutex<bool>>) {
    while !*done.lock().unwrap() {} //~ spin-on-lock
}

// parking_lot, `loop` + `if .. { break }`, on a struct field.
pub struct Machine {
    state: parking_lot::Mutex<State>,
}

pub struct State {
    ready: bool,
    finished: bool,
}

impl Machine {
    pub fn wait_ready(&self) {
        loop {
            if self.state.lock().ready { //~ spin-on-lock
                break;
            }
        }
    }
}

// A named guard inside the loop, dropped before a spin hint.
pub struct Runner {
    inner: Mutex<State>,
}

impl Runner {
    pub fn join(&self) {
        loop {
            let g = self.inner.lock().unwrap(); //~ spin-on-lock
            if g.finished {
                break;
            }
            drop(g);
            std::hint::spin_loop();
        }
    }
}

// A read lock polled from a spawned thread, yielding between checks.
pub fn spawn_waiter(slot: Arc<RwLock<Option<u32>>>) {
    thread::spawn(move || {
        while slot.read().unwrap().is_none() { //~ spin-on-lock
            thread::yield_now();
        }
    });
}

// A static mutex.
static DONE: Mutex<bool> = Mutex::new(false);

pub fn wait_static() {
    while !*DONE.lock().unwrap() { //~ spin-on-lock
        std::hint::spin_loop();
    }
}
