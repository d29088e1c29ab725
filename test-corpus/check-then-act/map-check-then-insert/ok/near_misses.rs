// Near misses of `map-check-then-insert`: correct code that looks like the bug.

use dashmap::DashMap;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};

fn build(k: u64) -> String {
    k.to_string()
}

// One guard held for the check and the insert.
pub fn one_guard(m: &Mutex<HashMap<u64, String>>, k: u64) {
    let mut map = m.lock().unwrap();
    if !map.contains_key(&k) {
        map.insert(k, build(k));
    }
}

// The entry API under one guard.
pub fn entry(m: &Mutex<HashMap<u64, String>>, k: u64) {
    m.lock().unwrap().entry(k).or_insert_with(|| build(k));
}

// DashMap's entry API is one atomic operation.
pub fn dash_entry(m: &DashMap<u64, String>, k: u64) {
    m.entry(k).or_insert_with(|| build(k));
}

// Checked for one key, inserted for another.
pub fn other_key(m: &Mutex<HashMap<u64, String>>, k: u64, j: u64) {
    if !m.lock().unwrap().contains_key(&k) {
        m.lock().unwrap().insert(j, build(j));
    }
}

// Checked in one map, inserted in another.
pub fn other_map(a: &Mutex<HashMap<u64, String>>, b: &Mutex<HashMap<u64, String>>, k: u64) {
    if !a.lock().unwrap().contains_key(&k) {
        b.lock().unwrap().insert(k, build(k));
    }
}

// A local map is not shared.
pub fn local(keys: &[u64]) -> HashMap<u64, String> {
    let mut m = HashMap::new();
    for k in keys {
        if !m.contains_key(k) {
            m.insert(*k, build(*k));
        }
    }
    m
}

// The only act is returning an error.
pub fn only_error(m: &Mutex<HashMap<u64, String>>, k: u64) -> Result<String, String> {
    if !m.lock().unwrap().contains_key(&k) {
        return Err(format!("no key {k}"));
    }
    Ok(String::new())
}

// `HashSet::insert` already reports whether it inserted.
pub fn set_insert(s: &Mutex<HashSet<u64>>, k: u64) -> bool {
    s.lock().unwrap().insert(k)
}

// A fast-path check; the act's own result decides.
pub fn remove_if_present(m: &DashMap<u64, String>, k: u64) -> bool {
    if m.contains_key(&k) {
        return m.remove(&k).is_some();
    }
    false
}

pub struct Cache {
    map: RwLock<HashMap<u64, String>>,
    plain: HashMap<u64, String>,
    guarded: Mutex<HashMap<u64, String>>,
    shared: Arc<DashMap<u64, String>>,
}

impl Cache {
    // Double-checked: re-checked under the write guard.
    pub fn rechecked(&self, k: u64) {
        if !self.map.read().unwrap().contains_key(&k) {
            let mut w = self.map.write().unwrap();
            if !w.contains_key(&k) {
                w.insert(k, build(k));
            }
        }
    }

    // Double-checked with the entry API.
    pub fn entry_after_read(&self, k: u64) -> String {
        if let Some(v) = self.map.read().unwrap().get(&k) {
            return v.clone();
        }
        self.map.write().unwrap().entry(k).or_insert_with(|| build(k)).clone()
    }

    // `&mut self`: nobody else can touch the map.
    pub fn exclusive(&mut self, k: u64) {
        if !self.plain.contains_key(&k) {
            self.plain.insert(k, build(k));
        }
        if !self.guarded.lock().unwrap().contains_key(&k) {
            self.guarded.lock().unwrap().insert(k, build(k));
        }
    }

    // A match whose scrutinee guard is held through the arms (no second guard).
    pub fn match_one_guard(&self, k: u64) {
        let mut g = self.guarded.lock().unwrap();
        match g.get(&k) {
            Some(_) => {}
            None => {
                g.insert(k, build(k));
            }
        }
    }

    // Only logging on the check.
    pub fn log_only(&self, k: u64) {
        if self.shared.get(&k).is_none() {
            eprintln!("miss {k}");
        }
    }
}

// Cache fills: the hit hands out the stored value and the miss inserts a value computed from
// the key alone. Two threads that miss together compute it twice; the second insert replaces
// an equal value (reported with `cache-fills = true`).
pub struct Caches {
    infos: DashMap<String, Arc<String>>,
    chains: Mutex<HashMap<u64, Arc<Vec<u64>>>>,
    modes: DashMap<u64, bool>,
}

impl Caches {
    pub fn info(&self, name: &str) -> Arc<String> {
        if let Some(info) = self.infos.get(name) {
            return info.value().clone();
        }
        let info = Arc::new(name.to_uppercase());
        self.infos.insert(name.to_string(), info.clone());
        info
    }

    pub fn chain(&self, dir: u64) -> Arc<Vec<u64>> {
        if let Some(c) = self.chains.lock().unwrap().get(&dir) {
            return c.clone();
        }
        let c = Arc::new((0..dir).collect::<Vec<_>>());
        self.chains.lock().unwrap().insert(dir, c.clone());
        c
    }

    pub fn mode(&self, k: u64) -> Option<bool> {
        if let Some(v) = self.modes.get(&k).map(|v| *v) {
            Some(v)
        } else {
            let v = k % 2 == 0;
            self.modes.insert(k, v);
            Some(v)
        }
    }
}

