// `rwlock-check-then-write` is silent in the synchronous methods of a type that is not `Sync`
// (it owns a `RefCell`, or a struct that owns an `Rc`): no second thread holds the value, so
// no other writer can come between the read guard and the write guard.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::RwLock;

pub struct Checkpointer {
    phase: RwLock<u32>,
    log: RefCell<Vec<String>>,
}

impl Checkpointer {
    pub fn advance(&self, cap: u32) {
        if *self.phase.read().unwrap() < cap {
            let mut p = self.phase.write().unwrap();
            *p += 1;
            self.log.borrow_mut().push(format!("phase {}", *p));
        }
    }

    pub fn advance_all(&self, caps: &[u32]) {
        caps.iter().for_each(|&cap| {
            if *self.phase.read().unwrap() < cap {
                *self.phase.write().unwrap() = cap;
            }
        });
    }
}

struct Shared {
    names: Rc<Vec<String>>,
}

pub struct Wal {
    shared: Shared,
    guard: RwLock<Option<u64>>,
}

impl Wal {
    pub fn release(&self) {
        if self.guard.read().unwrap().is_some() {
            *self.guard.write().unwrap() = None;
        }
        let _ = self.shared.names.len();
    }
}
