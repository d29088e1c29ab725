use std::collections::HashSet;
use std::sync::{Mutex, RwLock};

pub struct S {
    items: Mutex<Vec<u32>>,
    names: RwLock<Vec<String>>,
    set: Mutex<HashSet<u32>>,
}

impl S {
    // one guard over the search and the push
    pub fn one_guard(&self, k: u32) {
        let mut g = self.items.lock().unwrap();
        if !g.iter().any(|x| *x == k) {
            g.push(k);
        }
    }

    // re-checked under the second guard
    pub fn rechecked(&self, name: &str) {
        if !self.names.read().unwrap().iter().any(|n| n == name) {
            let mut w = self.names.write().unwrap();
            if !w.iter().any(|n| n == name) {
                w.push(name.to_string());
            }
        }
    }

    // re-checked under the second guard with `binary_search`
    pub fn rechecked_sorted(&self, k: u32) {
        if !self.items.lock().unwrap().contains(&k) {
            let mut w = self.items.lock().unwrap();
            if let Err(pos) = w.binary_search(&k) {
                w.insert(pos, k);
            }
        }
    }

    // `&mut self`: no other caller runs this on the same object
    pub fn exclusive(&mut self, k: u32) {
        if !self.items.lock().unwrap().contains(&k) {
            self.items.lock().unwrap().push(k);
        }
    }

    // a set: its insert cannot add a duplicate
    pub fn set_insert(&self, k: u32) {
        if !self.set.lock().unwrap().iter().any(|x| *x == k) {
            self.set.lock().unwrap().insert(k);
        }
    }

    // the push is not decided by the search
    pub fn undecided(&self, k: u32) -> bool {
        let found = self.items.lock().unwrap().contains(&k);
        if found {
            println!("again");
        }
        self.items.lock().unwrap().push(k);
        found
    }

    // pushing something when the element *is* found (a log of hits)
    pub fn on_hit(&self, k: u32) {
        if self.items.lock().unwrap().contains(&k) {
            self.items.lock().unwrap().push(k);
        }
    }
}

// a local vector nobody else reaches
pub fn local(k: u32) -> usize {
    let v = Mutex::new(Vec::new());
    if !v.lock().unwrap().contains(&k) {
        v.lock().unwrap().push(k);
    }
    let n = v.lock().unwrap().len();
    n
}
