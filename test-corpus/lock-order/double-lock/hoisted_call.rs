// A call in an argument of a statement that holds a temporary guard of the lock the callee
// takes again: the call is made first, in a `let` of its own, and its value passed.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

pub struct Cache {
    blocks: RwLock<Vec<u64>>,
    counts: Mutex<HashMap<u64, usize>>,
}

impl Cache {
    fn highest(&self) -> Option<u64> {
        self.blocks.write().unwrap().last().copied()
    }

    fn next_key(&self) -> u64 {
        self.counts.lock().unwrap().len() as u64
    }

    // the `?` stays at the argument: an early return still comes after the call
    pub fn count_up_to(&self) -> Option<usize> {
        let n = self.blocks.read().unwrap().len().min(self.highest()? as usize); //~ double-lock
        Some(n)
    }

    // an expression statement, as the function's tail
    pub fn record(&self) -> Option<usize> {
        self.counts.lock().unwrap().insert(self.next_key(), 1) //~ double-lock
    }
}

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn log_len() -> usize {
    LOG.lock().unwrap().len()
}

pub fn note(line: &str) {
    LOG.lock().unwrap().push(format!("{}: {line}", log_len())); //~ double-lock
}
