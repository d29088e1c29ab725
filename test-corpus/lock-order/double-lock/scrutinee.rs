// The guard of a `match` scrutinee lives through the arms; an `if let` scrutinee's guard
// lives through the then-block (both editions). The `else` case is in `edition2021/`.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Cache {
    map: Mutex<HashMap<String, u32>>,
}

impl Cache {
    pub fn get_or_insert(&self, k: &str) -> u32 {
        match self.map.lock().unwrap().get(k) {
            Some(v) => *v,
            None => {
                self.map.lock().unwrap().insert(k.to_string(), 0); //~ double-lock
                0
            }
        }
    }
}

pub fn lookup(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    if let Some(v) = m.lock().unwrap().get(&k) {
        m.lock().unwrap().insert(k + 1, *v); //~ double-lock
    }
}
