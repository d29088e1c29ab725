// Near miss of ok/not_sync_owner.rs: an async method of a type that is not `Sync` is still
// reported, since another task on the same thread runs at the `.await`.

use std::cell::RefCell;
use std::sync::RwLock;

pub struct Checkpointer {
    phase: RwLock<u32>,
    log: RefCell<Vec<String>>,
}

impl Checkpointer {
    pub async fn advance(&self, cap: u32) {
        if *self.phase.read().unwrap() < cap { //~ rwlock-check-then-write
            flush().await;
            let mut p = self.phase.write().unwrap();
            *p += 1;
            self.log.borrow_mut().push(String::new());
        }
    }
}

async fn flush() {}
