// Callbacks that do not re-lock what their caller holds: the guard is released before the
// callback runs, the closure locks another lock, or only works on what it is given.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Registry {
    entries: Mutex<HashMap<u64, String>>,
    log: Mutex<Vec<String>>,
}

impl Registry {
    pub fn with_entry<R>(&self, id: u64, f: impl FnOnce(Option<&mut String>) -> R) -> R {
        let mut entries = self.entries.lock().unwrap();
        f(entries.get_mut(&id))
    }

    /// Copies the entry out and calls `f` after the guard is gone.
    pub fn with_copy<R>(&self, id: u64, f: impl FnOnce(Option<String>) -> R) -> R {
        let copy = self.entries.lock().unwrap().get(&id).cloned();
        f(copy)
    }

    pub fn insert(&self, id: u64, name: String) {
        self.entries.lock().unwrap().insert(id, name);
    }

    pub fn note(&self, s: &str) {
        self.log.lock().unwrap().push(s.to_string());
    }

    pub fn rename(&self, id: u64, name: String) {
        self.with_entry(id, |e| {
            if let Some(e) = e {
                *e = name.clone();
            }
            self.note(&name);
        });
    }

    pub fn add_missing(&self, id: u64, name: String) {
        self.with_copy(id, |e| {
            if e.is_none() {
                self.insert(id, name);
            }
        });
    }
}
