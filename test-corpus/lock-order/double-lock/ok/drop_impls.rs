// Values with a locking `Drop` impl dropped where no guard of that lock is held.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use once_cell::sync::Lazy;
use parking_lot::RwLock;

static NAMES: Lazy<RwLock<HashMap<u64, Weak<Session>>>> = Lazy::new(Default::default);

pub struct Session {
    id: u64,
}

impl Drop for Session {
    fn drop(&mut self) {
        NAMES.write().remove(&self.id);
    }
}

// the upgraded sessions are collected and dropped after the guard
pub fn sessions() -> Vec<Arc<Session>> {
    let names = NAMES.read();
    let mut out = Vec::new();
    for weak in names.values() {
        if let Some(s) = weak.upgrade() {
            out.push(s);
        }
    }
    out
}

// declared before the guard: dropped after it (reverse declaration order)
pub fn count(id: u64) -> usize {
    let s = Session { id };
    let names = NAMES.read();
    names.len() + s.id as usize
}

// dropped explicitly after the guard is released
pub fn release(id: u64) -> usize {
    let names = NAMES.read();
    let s = Session { id };
    let n = names.len();
    drop(names);
    drop(s);
    n
}

// a clone of an `Arc` still held elsewhere drops no `Session`
pub fn peek(shared: &Arc<Session>) -> u64 {
    let names = NAMES.read();
    let mine: Arc<Session> = shared.clone();
    mine.id + names.len() as u64
}

// the `Drop` impl takes another lock, which nothing takes in the other order
pub struct Pool {
    idle: Mutex<Vec<u64>>,
    stats: Mutex<u64>,
}

pub struct Conn {
    pool: Arc<Pool>,
    id: u64,
}

impl Drop for Conn {
    fn drop(&mut self) {
        *self.pool.stats.lock().unwrap() += self.id;
    }
}

impl Pool {
    pub fn trim(&self, pool: Arc<Pool>) {
        let idle = self.idle.lock().unwrap();
        let extra = Conn { pool, id: idle.len() as u64 };
        let _ = extra.id;
    }

    // a type without a `Drop` impl
    pub fn plain(&self) -> usize {
        let idle = self.idle.lock().unwrap();
        let p = Plain { n: idle.len() };
        p.n
    }

    // moved into a collection: not dropped here
    pub fn keep(&self, pool: Arc<Pool>, keep: &mut Vec<Conn>) {
        let idle = self.idle.lock().unwrap();
        let c = Conn { pool, id: idle.len() as u64 };
        keep.push(c);
    }
}

pub struct Plain {
    n: usize,
}
