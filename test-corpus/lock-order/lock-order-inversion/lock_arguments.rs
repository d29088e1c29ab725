// Locks passed to helpers keep their identity: the helper's parameter is the lock the caller
// passes, so an order through a helper meets the opposite order elsewhere.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

pub struct Registry {
    entries: Mutex<HashMap<String, u64>>,
    hits: Mutex<u64>,
}

fn bump(counter: &Mutex<u64>) {
    *counter.lock().unwrap() += 1;
}

impl Registry {
    pub fn record(&self, name: &str) {
        let mut entries = self.entries.lock().unwrap();
        entries.insert(name.to_string(), 0);
        bump(&self.hits);
    }

    pub fn snapshot(&self) -> usize {
        let hits = self.hits.lock().unwrap();
        let entries = self.entries.lock().unwrap(); //~ lock-order-inversion
        entries.len() + *hits as usize
    }
}

// A generic helper over a static, taken with a closure.
static CONFIG: RwLock<Vec<String>> = RwLock::new(Vec::new());
static STATE: Mutex<u32> = Mutex::new(0);

fn with_write<T>(lock: &RwLock<T>, f: impl FnOnce(&mut T)) {
    f(&mut lock.write().unwrap());
}

pub fn reload() {
    let mut s = STATE.lock().unwrap();
    *s += 1;
    with_write(&CONFIG, |c| c.clear());
}

pub fn read_state() -> u32 {
    let c = CONFIG.read().unwrap();
    let s = STATE.lock().unwrap(); //~ lock-order-inversion
    c.len() as u32 + *s
}

// Both locks are parameters: each call orders the locks it passes.
pub struct Pair {
    left: Mutex<u32>,
    right: Mutex<u32>,
}

fn move_units(from: &Mutex<u32>, to: &Mutex<u32>, n: u32) {
    let mut a = from.lock().unwrap();
    let mut b = to.lock().unwrap();
    *a -= n;
    *b += n;
}

impl Pair {
    pub fn left_to_right(&self) {
        move_units(&self.left, &self.right, 1); //~ lock-order-inversion
    }

    pub fn right_to_left(&self) {
        move_units(&self.right, &self.left, 1);
    }
}

// A method of another type that takes a lock argument.
pub struct Journal {
    lines: Mutex<Vec<String>>,
}

impl Journal {
    fn append_from(&self, source: &Mutex<Vec<String>>) {
        let mut mine = self.lines.lock().unwrap();
        mine.extend(source.lock().unwrap().drain(..));
    }
}

pub struct Service {
    journal: Journal,
    pending: Mutex<Vec<String>>,
}

impl Service {
    pub fn flush(&self) {
        self.journal.append_from(&self.pending);
    }

    pub fn requeue(&self) {
        let mut pending = self.pending.lock().unwrap();
        let lines = self.journal.lines.lock().unwrap(); //~ lock-order-inversion
        pending.extend(lines.iter().cloned());
    }
}
