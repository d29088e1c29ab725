// Near misses of `map-check-then-insert`: the key is checked under one guard and inserted
// under a second, but the inserted value is computed from the same key read again under the
// guard the insert is made under. A value another thread inserted in between is read and
// folded into this one: the insert is a merge made under one guard, not a blind overwrite.
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
    avgs: RwLock<HashMap<u64, RwLock<Option<Avg>>>>,
}

impl Latency {
    // A method: the miss takes the write guard, reads the entry again and folds it in.
    pub fn report(&self, node: u64, x: f64) {
        let avgs = self.avgs.read().unwrap();
        if let Some(slot) = avgs.get(&node) {
            let mut s = slot.write().unwrap();
            *s = Some(fold(*s, x));
        } else {
            drop(avgs);
            let mut avgs = self.avgs.write().unwrap();
            let previous = avgs.get(&node).and_then(|slot| *slot.read().unwrap());
            avgs.insert(node, RwLock::new(Some(fold(previous, x))));
        }
    }
}

// A free function on a counter map: the count read again under the second guard is added to.
pub fn add_count(counts: &Mutex<HashMap<String, u64>>, key: String, n: u64) {
    if !counts.lock().unwrap().contains_key(&key) {
        let mut g = counts.lock().unwrap();
        let old = g.get(&key).copied().unwrap_or(0);
        g.insert(key, old + n);
    }
}

// A spawned closure: the re-read flows into the value through two `let`s.
pub fn merge_in(totals: Arc<RwLock<HashMap<u64, Vec<u8>>>>, k: u64, extra: Vec<u8>) {
    std::thread::spawn(move || {
        if totals.read().unwrap().get(&k).is_none() {
            let mut w = totals.write().unwrap();
            let prev = w.get(&k).cloned().unwrap_or_default();
            let merged = [prev, extra].concat();
            w.insert(k, merged);
        }
    });
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
