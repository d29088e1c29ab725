use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, RwLock};

pub struct S {
    map: RwLock<HashMap<u32, u32>>,
    items: Mutex<Vec<u32>>,
    q: Mutex<VecDeque<u32>>,
}

impl S {
    // a search bound by a `let`, then an early return: the map insert overwrites
    pub fn c1(&self, k: u32) {
        let found = self.map.read().unwrap().iter().any(|(kk, _)| *kk == k); //~ collection-check-then-push
        if found {
            return;
        }
        self.map.write().unwrap().insert(k, 1);
    }

    // duplicate push after an early return
    pub fn c2(&self, k: u32) {
        if self.items.lock().unwrap().iter().any(|x| *x == k) { //~ collection-check-then-push
            return;
        }
        self.items.lock().unwrap().push(k);
    }

    // `contains`, then a push in the then-branch
    pub fn c3(&self, k: u32) {
        if !self.items.lock().unwrap().contains(&k) { //~ collection-check-then-push
            self.items.lock().unwrap().push(k);
        }
    }

    // `find(..).is_none()` on a `VecDeque`, `push_back`
    pub fn c4(&self, k: u32) {
        if self.q.lock().unwrap().iter().find(|x| **x == k).is_none() { //~ collection-check-then-push
            self.q.lock().unwrap().push_back(k);
        }
    }

    // `position`, matched with `if let`, then an early return: `Vec::insert`
    pub fn c5(&self, k: u32) -> usize {
        if let Some(i) = self.items.lock().unwrap().iter().position(|x| *x == k) { //~ collection-check-then-push
            return i;
        }
        self.items.lock().unwrap().insert(0, k);
        0
    }

    // `binary_search(..).is_err()`, then a push
    pub fn c6(&self, k: u32) {
        if self.items.lock().unwrap().binary_search(&k).is_err() { //~ collection-check-then-push
            self.items.lock().unwrap().push(k);
        }
    }
}

// a free function over a static
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub fn remember(name: &str) {
    if !SEEN.lock().unwrap().iter().any(|n| n == name) { //~ collection-check-then-push
        SEEN.lock().unwrap().push(name.to_string());
    }
}

// a closure over a shared `Arc`
pub fn spawn_adders(list: Arc<Mutex<Vec<u64>>>) {
    for t in 0..4u64 {
        let list = Arc::clone(&list);
        std::thread::spawn(move || {
            let add = |v: u64| {
                if !list.lock().unwrap().contains(&v) { //~ collection-check-then-push
                    list.lock().unwrap().push(v);
                }
            };
            add(t);
        });
    }
}
