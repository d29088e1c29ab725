// Near misses of ok/exclusive_owner.rs, still reported: one order is taken through `&self` of
// a `Sync` type, so two threads can hold the value at once.

use std::cell::Cell;
use std::sync::Mutex;

pub struct Cache {
    pages: Mutex<Vec<u8>>,
    dirty: Mutex<Vec<u32>>,
}

impl Cache {
    pub fn clear(&self) {
        let _p = self.pages.lock().unwrap();
        self.dirty.lock().unwrap().clear(); //~ lock-order-inversion
    }

    pub fn snapshot(&self) {
        let _d = self.dirty.lock().unwrap();
        self.pages.lock().unwrap().clear();
    }
}

// not `Sync`, but an async method: another task on the thread runs at the `.await`
pub struct Local {
    a: tokio::sync::Mutex<u32>,
    b: tokio::sync::Mutex<u32>,
    calls: Cell<u64>,
}

impl Local {
    pub async fn ab(&self) {
        let _a = self.a.lock().await;
        let _b = self.b.lock().await; //~ lock-order-inversion
        self.calls.set(1);
    }

    pub async fn ba(&self) {
        let _b = self.b.lock().await;
        let _a = self.a.lock().await;
    }
}
