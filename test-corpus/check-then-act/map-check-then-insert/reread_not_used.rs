// Positive cases of `map-check-then-insert` next to the re-read near misses: a re-read under
// the second guard whose result the inserted value does not use, and a re-read under a third
// guard released before the insert. Another thread's insert in between is still overwritten.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

#[derive(Clone, Copy, Default)]
pub struct Avg {
    sum: f64,
    n: u64,
}

fn fold(prev: Option<Avg>, x: f64) -> Avg {
    let p = prev.unwrap_or_default();
    Avg { sum: p.sum + x, n: p.n + 1 }
}

pub struct Latency {
    avgs: RwLock<HashMap<u64, Avg>>,
}

impl Latency {
    // Read again, but the value inserted is built without it.
    pub fn report(&self, node: u64, x: f64) {
        if self.avgs.read().unwrap().get(&node).is_none() { //~ map-check-then-insert
            let mut avgs = self.avgs.write().unwrap();
            let _previous = avgs.get(&node).copied();
            avgs.insert(node, fold(None, x));
        }
    }
}

// The count is read again under a guard that is gone before the insert's guard is taken.
pub fn add_count(counts: &Mutex<HashMap<String, u64>>, key: String, n: u64) {
    if !counts.lock().unwrap().contains_key(&key) { //~ map-check-then-insert
        let old = counts.lock().unwrap().get(&key).copied().unwrap_or(0); //~ map-read-then-insert
        counts.lock().unwrap().insert(key, old + n);
    }
}

pub fn share(l: Arc<Latency>, c: Arc<Mutex<HashMap<String, u64>>>) {
    for node in 0..4 {
        let l = l.clone();
        let c = c.clone();
        std::thread::spawn(move || {
            l.report(node, 1.0);
            add_count(&c, node.to_string(), 1);
        });
    }
}
