// Locks inside collections: an element of `Vec<Mutex<_>>`, `[Mutex<_>; N]` or a map of
// `Arc<Mutex<_>>` has one identity (`S.slots[]`), whatever the index.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Table {
    slots: Vec<Mutex<u64>>,
    total: Mutex<u64>,
}

impl Table {
    pub fn add(&self, i: usize, n: u64) {
        let mut slot = self.slots[i].lock().unwrap();
        let mut total = self.total.lock().unwrap(); //~ lock-order-inversion
        *slot += n;
        *total += n;
    }

    pub fn reset(&self) {
        let mut total = self.total.lock().unwrap();
        for s in &self.slots {
            *total -= *s.lock().unwrap();
        }
    }
}

// free functions over statics: an array of locks
static SHARDS: [Mutex<u32>; 2] = [Mutex::new(0), Mutex::new(0)];
static EPOCH: Mutex<u32> = Mutex::new(0);

pub fn bump(i: usize) {
    let s = &SHARDS[i];
    let _g = s.lock().unwrap();
    *EPOCH.lock().unwrap() += 1; //~ lock-order-inversion
}

pub fn advance() {
    let _e = EPOCH.lock().unwrap();
    for shard in SHARDS.iter() {
        *shard.lock().unwrap() = 0;
    }
}

// a map of shared locks reached by lookup (`if let Some(s) = map.get(..)`, `.unwrap()`)
pub struct Sessions {
    by_id: HashMap<u32, Arc<Mutex<String>>>,
    log: Mutex<Vec<String>>,
}

impl Sessions {
    pub fn touch(&self, id: u32) {
        let log = self.log.lock().unwrap();
        if let Some(s) = self.by_id.get(&id) {
            s.lock().unwrap().push('.'); //~ lock-order-inversion
        }
        drop(log);
    }

    pub fn close(&self, id: u32) {
        let s = self.by_id.get(&id).unwrap();
        let name = s.lock().unwrap();
        self.log.lock().unwrap().push(name.clone());
    }
}
