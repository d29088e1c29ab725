use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, RwLock};

static CONFIG: OnceLock<String> = OnceLock::new();

pub struct Store {
    map: Mutex<HashMap<u64, u64>>,
    hits: RwLock<u64>,
    started: AtomicBool,
}

impl Store {
    pub fn len(&self) -> u64 {
        self.map.lock().unwrap().len() as u64
    }

    // `pub`, but only the integration test calls it (`store.sync_now(1)`)
    pub fn sync_now(&self, k: u64) {
        if !self.map.lock().unwrap().contains_key(&k) {
            self.map.lock().unwrap().insert(k, 0);
        }
    }

    // only a unit test calls it
    fn tally_hit(&self) {
        let v = *self.hits.read().unwrap();
        *self.hits.write().unwrap() = v + 1;
    }

    // only `init_service` calls it, and only tests call that
    fn mark_started(&self) {
        if !self.started.load(Ordering::SeqCst) {
            self.started.store(true, Ordering::SeqCst);
        }
    }
}

// a free `pub` function only the integration test calls; it calls `mark_started` in turn
pub fn init_service(s: &Store) {
    s.mark_started();
    if CONFIG.get().is_none() {
        CONFIG.set(String::from("x")).unwrap();
    }
}

// private and called by nothing: dead
fn intern_unused_label(names: &DashMap<u64, String>, k: u64) {
    if names.get(&k).is_none() {
        names.insert(k, k.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps() {
        let s = Store {
            map: Mutex::new(HashMap::new()),
            hits: RwLock::new(0),
            started: AtomicBool::new(false),
        };
        s.tally_hit();
    }
}
