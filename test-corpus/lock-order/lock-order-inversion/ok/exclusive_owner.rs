// `lock-order-inversion` is silent where both orders are taken through what `self` owns, in
// code that holds `self` exclusively: `&mut self`, or a synchronous method of a type that is
// not `Sync` (it owns a `Cell`). No other thread can hold either lock meanwhile.

use std::cell::Cell;
use std::sync::Mutex;

pub struct Pager {
    alloc_state: Mutex<u32>,
    savepoints: Mutex<Vec<u32>>,
    calls: Cell<u64>,
}

impl Pager {
    pub fn allocate(&self) {
        let _s = self.alloc_state.lock().unwrap();
        self.savepoints.lock().unwrap().push(1);
        self.calls.set(self.calls.get() + 1);
    }

    pub fn rollback(&self) {
        let sp = self.savepoints.lock().unwrap();
        *self.alloc_state.lock().unwrap() = sp.len() as u32;
    }
}

pub struct Cache {
    pages: Mutex<Vec<u8>>,
    dirty: Mutex<Vec<u32>>,
}

impl Cache {
    pub fn clear(&mut self) {
        let _p = self.pages.lock().unwrap();
        self.dirty.lock().unwrap().clear();
    }

    pub fn snapshot(&mut self) {
        let _d = self.dirty.lock().unwrap();
        self.pages.lock().unwrap().clear();
    }
}
