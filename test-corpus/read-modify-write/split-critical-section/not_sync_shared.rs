// Near misses of ok/not_sync_owner.rs, still reported: an async method of a type that is not
// `Sync` (another task on its thread runs at the `.await`), a type its author declares `Sync`,
// a struct of the crate's own that happens to be named `Cell`, a generic field that may be
// anything, and a lock the value shares through an `Arc` another thread holds.

use std::marker::PhantomData;
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

pub struct Session {
    state: RwLock<u32>,
    steps: std::cell::Cell<u64>,
}

impl Session {
    pub async fn step(&self) {
        let phase = *self.state.read().unwrap(); //~ split-critical-section
        tick().await;
        *self.state.write().unwrap() = phase + 1;
    }
}

async fn tick() {}

pub struct Declared {
    state: RwLock<u32>,
    steps: std::cell::Cell<u64>,
}

// SAFETY: the author's claim: shared between threads
unsafe impl Sync for Declared {}

impl Declared {
    pub fn step(&self) {
        let phase = *self.state.read().unwrap(); //~ split-critical-section
        self.steps.set(1);
        *self.state.write().unwrap() = phase + 1;
    }
}

// a grid cell of the crate's own, not `std::cell::Cell`
pub struct Cell<T> {
    value: T,
}

pub struct Grid {
    cells: Vec<Cell<u8>>,
    filled: Mutex<usize>,
}

impl Grid {
    pub fn fill(&self) {
        let n = *self.filled.lock().unwrap(); //~ split-critical-section
        let _ = self.cells.len();
        *self.filled.lock().unwrap() = n + 1;
    }
}

pub struct Holder<T> {
    item: T,
    count: Mutex<u32>,
    _p: PhantomData<T>,
}

impl<T> Holder<T> {
    pub fn bump(&self) {
        let n = *self.count.lock().unwrap(); //~ split-critical-section
        let _ = &self.item;
        *self.count.lock().unwrap() = n + 1;
    }
}

// not `Sync`, but its counter is shared with a thread through an `Arc`
pub struct Worker {
    total: Arc<Mutex<u64>>,
    seen: std::cell::Cell<u32>,
}

impl Worker {
    pub fn new() -> Worker {
        let total = Arc::new(Mutex::new(0));
        let t = Arc::clone(&total);
        thread::spawn(move || *t.lock().unwrap() += 1);
        Worker {
            total,
            seen: std::cell::Cell::new(0),
        }
    }

    pub fn add(&self, n: u64) {
        let v = *self.total.lock().unwrap(); //~ split-critical-section
        self.seen.set(1);
        *self.total.lock().unwrap() = v + n;
    }
}
