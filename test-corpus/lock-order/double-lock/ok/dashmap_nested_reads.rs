// Reads of a DashMap nested in other reads of it: the shard's `RawRwLock` grants a shared
// lock whenever no writer holds the shard (a writer that only waits does not block new
// readers), so `get()` / `iter()` under a live `get()` / `iter()` reference cannot deadlock,
// with or without a concurrent `insert`.

use dashmap::DashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct Devices {
    states: DashMap<String, Arc<AtomicBool>>,
}

impl Devices {
    pub fn stop_one(&self, name: &str) {
        if let Some(flag) = self.states.get(name) {
            flag.store(false, Ordering::Relaxed);
        }
    }

    // the nested read is in a method called while `iter()`'s reference is alive
    pub fn stop_all(&self) {
        for entry in self.states.iter() {
            self.stop_one(entry.key());
        }
        self.states.clear();
    }

    // the nested read written inline
    pub fn nested_inline(&self) {
        for entry in self.states.iter() {
            if let Some(flag) = self.states.get(entry.key()) {
                flag.store(false, Ordering::Relaxed);
            }
        }
    }

    // a `match` on `get()` whose arm iterates the map again
    pub fn count_others(&self, name: &str) -> usize {
        match self.states.get(name) {
            Some(_me) => self.states.iter().filter(|e| e.key() != name).count(),
            None => 0,
        }
    }

    pub fn start(&self, name: &str) {
        self.states.insert(name.to_owned(), Arc::new(AtomicBool::new(true)));
    }
}

// a free function holding a `get()` reference while it reads another key
pub fn both_running(map: &DashMap<u64, bool>, a: u64, b: u64) -> bool {
    let first = map.get(&a).unwrap();
    let second = map.get(&b).map(|r| *r).unwrap_or(false);
    *first && second
}

pub fn run(d: Arc<Devices>) {
    let d2 = d.clone();
    std::thread::spawn(move || d2.start("mic"));
    d.stop_all();
    d.nested_inline();
    let _ = d.count_others("mic");
}
