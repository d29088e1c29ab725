// Near misses of `loop-lock-order`: elements locked in one order, guards not kept, a gate
// lock, try_lock, read guards, one shared map.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};

pub struct Bank {
    accounts: HashMap<u64, Arc<Mutex<u64>>>,
    gate: Mutex<()>,
    rw: HashMap<u64, RwLock<u64>>,
}

impl Bank {
    // sorted (and deduplicated) first
    pub fn lock_sorted(&self, ids: &[u64]) -> usize {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut guards = Vec::new();
        for id in &ids {
            guards.push(self.accounts[id].lock().unwrap());
        }
        guards.len()
    }

    // each guard dies in its iteration
    pub fn touch(&self, ids: &[u64]) {
        for id in ids {
            let mut g = self.accounts[id].lock().unwrap();
            *g += 1;
        }
    }

    // a value read under the guard is kept, not the guard
    pub fn balances(&self, ids: &[u64]) -> Vec<u64> {
        let mut out = Vec::new();
        for id in ids {
            out.push(*self.accounts[id].lock().unwrap());
        }
        out
    }

    // a gate held around the loop serialises the callers
    pub fn gated(&self, ids: &[u64]) -> usize {
        let _gate = self.gate.lock().unwrap();
        let mut guards = Vec::new();
        for id in ids {
            guards.push(self.accounts[id].lock().unwrap());
        }
        guards.len()
    }

    // try_lock fails instead of waiting
    pub fn try_all(&self, ids: &[u64]) -> usize {
        let mut guards = Vec::new();
        for id in ids {
            if let Ok(g) = self.accounts[id].try_lock() {
                guards.push(g);
            }
        }
        guards.len()
    }

    // read guards do not wait for each other
    pub fn read_all(&self, ids: &[u64]) -> u64 {
        let mut guards = Vec::new();
        for id in ids {
            guards.push(self.rw[id].read().unwrap());
        }
        guards.iter().map(|g| **g).sum()
    }

    // one shared map iterates in one order for every caller
    pub fn lock_every(&self) -> usize {
        let mut guards = Vec::new();
        for (_, m) in &self.accounts {
            guards.push(m.lock().unwrap());
        }
        guards.len()
    }
}

// a BTreeMap iterates in key order
pub fn lock_tree(t: &BTreeMap<u64, Mutex<u64>>) -> usize {
    let mut guards = Vec::new();
    for (_, m) in t {
        guards.push(m.lock().unwrap());
    }
    guards.len()
}
