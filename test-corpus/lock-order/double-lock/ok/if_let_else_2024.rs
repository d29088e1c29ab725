// Edition 2024 (this crate's edition): the `if let` scrutinee's guard is dropped before
// `else`, so locking again there is fine.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

pub struct Cache {
    map: Mutex<HashMap<String, u32>>,
    names: RwLock<Vec<String>>,
}

impl Cache {
    pub fn describe(&self, k: &str) {
        if let Some(v) = self.map.lock().unwrap().get(k).copied() {
            println!("{k} = {v}");
        } else {
            println!("{k} missing, {} entries", self.map.lock().unwrap().len());
        }
    }

    pub fn first_or_reset(&self) -> String {
        if let Some(first) = self.names.read().unwrap().first().cloned() {
            first
        } else {
            self.names.write().unwrap().clear();
            String::new()
        }
    }
}
