// A set element inserted or removed as the branch's only statement (the race repeats an
// idempotent update), and double-checked locking whose re-check under the write guard leaves
// early when another thread inserted first.
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

#[derive(Default)]
pub struct Pending {
    push: RwLock<HashSet<Vec<u8>>>,
    pop: RwLock<HashSet<Vec<u8>>>,
}

impl Pending {
    pub fn push_word(&self, word: &[u8]) {
        if self.pop.read().unwrap().contains(word) {
            self.pop.write().unwrap().remove(word);
        }
        if !self.push.read().unwrap().contains(word) {
            self.push.write().unwrap().insert(word.to_vec());
        }
    }
}

pub struct Registry {
    stores: RwLock<HashMap<String, Arc<String>>>,
}

impl Registry {
    pub fn get(&self, key: &str) -> Arc<String> {
        if let Some(s) = self.stores.read().unwrap().get(key) {
            return Arc::clone(s);
        }
        let fresh = Arc::new(format!("store for {key}"));
        let mut w = self.stores.write().unwrap();
        if let Some(existing) = w.get(key) {
            return Arc::clone(existing);
        }
        w.insert(key.to_string(), Arc::clone(&fresh));
        fresh
    }
}

pub fn share(r: Arc<Registry>, p: Arc<Pending>) {
    let r2 = r.clone();
    std::thread::spawn(move || r2.get("a"));
    let p2 = p.clone();
    std::thread::spawn(move || p2.push_word(b"w"));
    r.get("a");
    p.push_word(b"w");
}
