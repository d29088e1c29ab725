// `atomic-check-then-act` is silent in the synchronous methods of a type that is not `Sync`
// through what it holds: a `Vec` of `Rc`s, or a struct of its own that owns a `Cell`.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct Connection {
    closed: AtomicBool,
    stmts: Vec<Rc<String>>,
}

impl Connection {
    pub fn close(&self) {
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        self.closed.store(true, Ordering::Release);
        drop_all(&self.stmts);
    }
}

fn drop_all(_s: &[Rc<String>]) {}

struct Stats {
    hits: Cell<u64>,
}

pub struct Schema {
    did_change: AtomicBool,
    stats: Stats,
}

impl Schema {
    pub fn rollback(&self) {
        if !self.did_change.load(Ordering::Acquire) {
            return;
        }
        self.did_change.store(false, Ordering::Release);
        self.stats.hits.set(0);
    }
}
