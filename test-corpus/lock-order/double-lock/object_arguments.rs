// A guard of `self.m` held while `self` (or the object holding the lock) is passed to a
// helper that locks the same field through its parameter: the helper's `p.m` is the caller's
// `self.m`.
use parking_lot::RwLock;
use std::collections::HashMap;

pub struct Store {
    slots: RwLock<HashMap<u32, u32>>,
}

fn bump(s: &Store, k: u32) {
    *s.slots.write().entry(k).or_insert(0) += 1;
}

pub struct Entry {
    key: u32,
}

impl Entry {
    fn refresh(&self, store: &Store) -> bool {
        store.touch(self.key)
    }
}

impl Store {
    fn touch(&self, key: u32) -> bool {
        self.slots.write().insert(key, 1).is_some()
    }

    pub fn count_and_bump(&self, k: u32) -> usize {
        let slots = self.slots.read();
        bump(self, k); //~ double-lock
        slots.len()
    }

    pub fn refresh_entry(&self, key: u32) -> bool {
        let slots = self.slots.read();
        let e = Entry { key: slots.get(&key).copied().unwrap_or(key) };
        e.refresh(self) //~ double-lock
    }

    pub fn twice(store: &Store) {
        let _g = store.slots.write();
        Store::touch(store, 1); //~ double-lock
    }
}
