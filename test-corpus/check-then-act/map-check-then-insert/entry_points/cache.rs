use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Registry {
    seen: Mutex<HashMap<u64, u64>>,
}

pub trait Handler {
    fn call(&self, k: u64);
}

// private, called from a public function of `lib.rs` (and from a test)
pub(crate) fn fill(names: &DashMap<u64, String>, k: u64) {
    if !names.contains_key(&k) { //~ map-check-then-insert
        names.insert(k, k.to_string());
    }
}

// private, only passed as a value
pub(crate) fn on_event(names: &DashMap<u64, String>, k: u64) {
    if names.get(&k).is_none() { //~ map-check-then-insert
        names.insert(k, String::new());
    }
}

// private, only called inside a macro invocation
pub(crate) fn warm(m: &Mutex<HashMap<u64, u64>>, k: u64) {
    if !m.lock().unwrap().contains_key(&k) { //~ map-check-then-insert
        m.lock().unwrap().insert(k, 0);
    }
}

impl Registry {
    // a private method called by name (`reg.register(k)`) from production code
    fn register(&self, k: u64) {
        if !self.seen.lock().unwrap().contains_key(&k) { //~ map-check-then-insert
            self.seen.lock().unwrap().insert(k, 1);
        }
    }
}

impl Handler for Registry {
    // a trait impl method: called through the trait, wherever that is
    fn call(&self, k: u64) {
        if self.seen.lock().unwrap().get(&k).is_none() { //~ map-check-then-insert
            self.seen.lock().unwrap().insert(k, 2);
        }
    }
}
