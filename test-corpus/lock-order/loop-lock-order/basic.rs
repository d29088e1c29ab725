// Positive cases of `loop-lock-order`: one lock per element taken in a loop and every guard
// kept, in an order two callers can give differently.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

pub struct Bank {
    accounts: HashMap<u64, Arc<Mutex<u64>>>,
}

impl Bank {
    // a method over the caller's ids: lock_all(&[1, 2]) and lock_all(&[2, 1]) deadlock
    pub fn lock_all(&self, ids: &[u64]) -> u64 {
        let mut guards = Vec::new();
        for id in ids {
            let g = self.accounts[id].lock().unwrap(); //~ loop-lock-order
            guards.push(g);
        }
        guards.iter().map(|g| **g).sum()
    }
}

// a free function over a slice of locks
pub fn lock_each<'a>(locks: &'a [&'a Mutex<u64>]) -> Vec<MutexGuard<'a, u64>> {
    let mut held = Vec::new();
    for m in locks {
        held.push(m.lock().unwrap()); //~ loop-lock-order
    }
    held
}

// a hash set each caller builds: two sets with the same ids iterate in different orders
pub fn freeze(bank: &Bank, ids: &HashSet<u64>) -> u64 {
    let mut guards = Vec::with_capacity(ids.len());
    for id in ids.iter() {
        guards.push((*id, bank.accounts[id].lock().unwrap())); //~ loop-lock-order
    }
    guards.iter().map(|(_, g)| **g).sum()
}

// a closure run on another thread
pub fn spawn_freeze(bank: Arc<Bank>) {
    std::thread::spawn(move || {
        let run = |ids: Vec<u64>| {
            let mut held = Vec::new();
            for id in ids.iter().rev() {
                held.push(bank.accounts[id].lock().unwrap()); //~ loop-lock-order
            }
            held.len()
        };
        run(vec![3, 1, 2])
    });
}
