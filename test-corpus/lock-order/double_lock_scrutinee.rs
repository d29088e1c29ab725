// The guard of a `match` / `if let` scrutinee (edition 2021) lives through the arms.
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

    pub fn bump(&self, k: &str) {
        if let Some(v) = self.map.lock().unwrap().get(k).copied() {
            println!("{v}");
        } else {
            self.map.lock().unwrap().insert(k.to_string(), 1); //~ double-lock
        }
    }
}

pub fn lookup(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    if let Some(v) = m.lock().unwrap().get(&k) {
        m.lock().unwrap().insert(k + 1, *v); //~ double-lock
    }
}
