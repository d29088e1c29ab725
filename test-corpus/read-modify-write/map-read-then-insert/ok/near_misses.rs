// Near misses of `map-read-then-insert`.

use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Hits {
    by_path: DashMap<String, u64>,
    other: DashMap<String, u64>,
    counts: Mutex<HashMap<u32, u32>>,
}

impl Hits {
    // one step
    pub fn hit(&self, path: &str) {
        self.by_path
            .entry(path.to_string())
            .and_modify(|v| *v += 1)
            .or_insert(1);
    }

    // one guard for read and insert
    pub fn bump(&self, id: u32) {
        let mut g = self.counts.lock().unwrap();
        let cur = g.get(&id).copied().unwrap_or(0);
        g.insert(id, cur + 1);
    }

    // a different key
    pub fn link(&self, from: u32, to: u32) {
        let v = self.counts.lock().unwrap().get(&from).copied().unwrap_or(0);
        self.counts.lock().unwrap().insert(to, v);
    }

    // a different map
    pub fn mirror(&self, path: &str) {
        let n = self.by_path.get(path).map(|r| *r).unwrap_or(0);
        self.other.insert(path.to_string(), n + 1);
    }

    // the inserted value does not come from the read
    pub fn init(&self, id: u32) {
        let present = self.counts.lock().unwrap().get(&id).is_some();
        log(present);
        self.counts.lock().unwrap().insert(id, 0);
    }

    // exclusive access
    pub fn rebuild(&mut self, id: u32) {
        let v = self.counts.lock().unwrap().get(&id).copied().unwrap_or(0);
        self.counts.lock().unwrap().insert(id, v + 1);
    }
}

// a cache fill: the lookup decides whether to compute, the inserted value is computed afresh
pub async fn resolve(cache: Arc<tokio::sync::RwLock<HashMap<String, Option<u64>>>>, path: String) -> u64 {
    let cached = match cache.read().await.get(&path) {
        Some(Some(v)) => Some(*v),
        _ => None,
    };
    if let Some(v) = cached {
        return v;
    }
    let fresh = compute(&path).await;
    cache.write().await.insert(path, Some(fresh));
    fresh
}

async fn compute(_p: &str) -> u64 {
    0
}

// a local map
pub fn local(keys: &[u32]) -> HashMap<u32, u32> {
    let mut m = HashMap::new();
    for k in keys {
        let c = m.get(k).copied().unwrap_or(0);
        m.insert(*k, c + 1);
    }
    m
}

// a vector behind a lock: `insert(index, value)` shifts, it is not a keyed update
pub fn vec_insert(v: Arc<Mutex<Vec<u32>>>) {
    let first = *v.lock().unwrap().get(0).unwrap_or(&0);
    v.lock().unwrap().insert(0, first + 1);
}

fn log(_b: bool) {}
