// A closure handed to a function that calls it while holding a guard runs under that guard:
// when the closure (itself or through its calls) locks the same lock, the guard is never
// released.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

pub struct Registry {
    entries: Mutex<HashMap<u64, String>>,
}

impl Registry {
    /// Runs `f` on the entry under the map's lock.
    pub fn with_entry<R>(&self, id: u64, f: impl FnOnce(Option<&mut String>) -> R) -> R {
        let mut entries = self.entries.lock().unwrap();
        f(entries.get_mut(&id))
    }

    pub fn insert(&self, id: u64, name: String) {
        self.entries.lock().unwrap().insert(id, name);
    }

    pub fn rename_or_add(&self, id: u64, name: String) {
        self.with_entry(id, |e| match e { //~ double-lock
            Some(e) => *e = name,
            None => self.insert(id, name),
        });
    }
}

pub struct Config {
    values: RwLock<Vec<u32>>,
}

/// A free function that calls its callback under a write guard.
pub fn update_config<F: FnOnce(&mut Vec<u32>)>(c: &Config, f: F) {
    let mut g = c.values.write().unwrap();
    f(&mut g);
}

impl Config {
    pub fn first(&self) -> Option<u32> {
        self.values.read().unwrap().first().copied()
    }

    pub fn push_after_first(&self, v: u32) {
        update_config(self, |vals| { //~ double-lock
            let base = self.first().unwrap_or(0);
            vals.push(base + v);
        });
    }
}

// Through a trait implemented once: the call goes through a generic parameter.
pub trait Keyed {
    fn with_slot<F: Fn(Option<&mut String>)>(&self, r: &Registry, f: F);
}

impl Keyed for u64 {
    fn with_slot<F: Fn(Option<&mut String>)>(&self, r: &Registry, f: F) {
        let mut entries = r.entries.lock().unwrap();
        f(entries.get_mut(self))
    }
}

pub fn touch<K: Keyed>(k: &K, r: &Registry) {
    k.with_slot(r, |s| { //~ double-lock
        if s.is_none() {
            r.insert(0, String::new());
        }
    });
}
