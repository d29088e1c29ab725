// Edition 2021: the temporaries of an `if let` scrutinee (here the guard) live through the
// `else` block too. (Edition 2024 drops them before `else`: see `ok/if_let_else_2024.rs`.)
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
            println!("{k} missing, {} entries", self.map.lock().unwrap().len()); //~ double-lock
        }
    }

    pub fn first_or_reset(&self) -> String {
        if let Some(first) = self.names.read().unwrap().first().cloned() {
            first
        } else {
            self.names.write().unwrap().clear(); //~ double-lock
            String::new()
        }
    }
}
