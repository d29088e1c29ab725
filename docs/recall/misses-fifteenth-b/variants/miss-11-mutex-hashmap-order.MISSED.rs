// #11 variant: in-process locks in HashMap order: one `Mutex` per key of the caller's HashMap,
// all guards kept
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Regions {
    locks: HashMap<u64, Arc<Mutex<u64>>>,
}

impl Regions {
    pub fn alter(&self, reqs: &HashMap<u64, u64>) {
        let mut guards = Vec::new();
        for (id, _) in reqs {
            if let Some(l) = self.locks.get(id) {
                guards.push(l.lock().unwrap());
            }
        }
        for g in guards.iter_mut() {
            **g += 1;
        }
    }
}
