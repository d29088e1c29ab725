// A cache fill: the hit hands out the stored value and the miss computes an interchangeable
// one (a pure function of the key) and stores it. Two callers that miss together compute it
// twice; nothing is lost.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Lengths {
    cache: Mutex<HashMap<String, usize>>,
}

impl Lengths {
    pub fn len_of(&self, s: &str) -> usize {
        if let Some(n) = self.cache.lock().unwrap().get(s) {
            return *n;
        }
        let n = s.chars().count();
        self.cache.lock().unwrap().insert(s.to_string(), n);
        n
    }
}

pub fn run(l: Arc<Lengths>) {
    for _ in 0..2 {
        let l = l.clone();
        std::thread::spawn(move || {
            l.len_of("abc");
        });
    }
}
