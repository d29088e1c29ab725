// `lazy-init-race` is silent in the synchronous methods of a type that is not `Sync` (here it
// holds a raw pointer): one thread holds the value, so no second caller can find the slot
// empty at the same time.

use std::sync::Mutex;

pub struct Journal {
    file: Mutex<Option<Vec<u8>>>,
    base: *const u8,
}

impl Journal {
    pub fn open(&self) {
        if self.file.lock().unwrap().is_none() {
            let f = vec![0u8; 16];
            *self.file.lock().unwrap() = Some(f);
        }
    }

    pub fn base(&self) -> *const u8 {
        self.base
    }
}
