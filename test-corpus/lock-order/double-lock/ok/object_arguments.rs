// The helper locks the field of another object than the one whose guard is held.
use parking_lot::RwLock;
use std::collections::HashMap;

pub struct Store {
    slots: RwLock<HashMap<u32, u32>>,
}

fn bump(s: &Store, k: u32) {
    *s.slots.write().entry(k).or_insert(0) += 1;
}

impl Store {
    pub fn copy_into(&self, other: &Store) {
        let mine = self.slots.read();
        for k in mine.keys() {
            bump(other, *k);
        }
    }

    pub fn after_release(&self, k: u32) {
        let n = self.slots.read().len();
        bump(self, k + n as u32);
    }
}

pub struct Channel {
    shared: Shared,
}

pub struct Shared {
    tail: parking_lot::Mutex<u64>,
}

impl Shared {
    // takes the guard by value: drops it, then locks again
    fn notify(&self, mut tail: parking_lot::MutexGuard<'_, u64>) {
        *tail += 1;
        drop(tail);
        let _again = self.tail.lock();
    }
}

impl Channel {
    pub fn send(&self) {
        let tail = self.shared.tail.lock();
        self.shared.notify(tail);
    }
}
