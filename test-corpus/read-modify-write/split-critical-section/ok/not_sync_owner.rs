// `split-critical-section` is silent where the value that owns the lock is not `Sync`: a type
// that owns a `Cell`, an `Rc`, a raw pointer, or a struct that does, cannot be shared between
// threads (no two threads hold a `&Session` at once), so its synchronous methods, and the
// closures they run inline, run on one thread, alone on their value.

use std::cell::Cell;
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::{Mutex, RwLock};

// a per-connection state machine: one owner steps it
pub struct Session {
    state: RwLock<u32>,
    steps: Cell<u64>,
}

impl Session {
    pub fn step(&self) {
        let phase = *self.state.read().unwrap();
        self.steps.set(self.steps.get() + 1);
        *self.state.write().unwrap() = phase + 1;
    }

    // in a closure run inline
    pub fn step_with(&self, f: impl Fn(u32) -> u32) {
        let run = || {
            let phase = *self.state.read().unwrap();
            *self.state.write().unwrap() = f(phase);
        };
        run();
    }
}

// not `Sync` through a field of a struct of its own (an `Rc` in an `Option`)
struct Cache {
    pages: Option<Rc<Vec<u8>>>,
}

pub struct Pager {
    cache: Cache,
    dirty: Mutex<u32>,
}

impl Pager {
    pub fn flush(&self) {
        let n = *self.dirty.lock().unwrap();
        let _ = self.cache.pages.as_ref();
        *self.dirty.lock().unwrap() = n + 1;
    }
}

// a marker that keeps the type on one thread
pub struct Cursor {
    pos: Mutex<usize>,
    _not_sync: PhantomData<*const ()>,
}

impl Cursor {
    pub fn advance(&self, n: usize) {
        let p = *self.pos.lock().unwrap();
        *self.pos.lock().unwrap() = p + n;
    }
}

// in a trait method of the type
pub trait Stepper {
    fn reset(&self);
}

impl Stepper for Session {
    fn reset(&self) {
        let old = *self.state.read().unwrap();
        *self.state.write().unwrap() = old.min(1);
    }
}
