// The value inserted on a miss is a new binding that reuses the hit branch's name: nothing
// read from the map is inserted (a `let` inside another `let`'s initialiser is the one in
// scope at the insert).
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

fn render(k: u64) -> String {
    format!("page-{k}")
}

pub struct Pages {
    cache: RwLock<HashMap<u64, String>>,
}

impl Pages {
    pub fn get(&self, k: u64) -> String {
        let cached = self.cache.read().unwrap().get(&k).cloned();
        let page = if let Some(page) = cached {
            page
        } else {
            let page = render(k);
            self.cache.write().unwrap().insert(k, page.clone());
            page
        };
        page
    }
}

pub fn lookup(m: &Mutex<HashMap<u64, u64>>, k: u64) -> u64 {
    let hit = m.lock().unwrap().get(&k).copied();
    let v = match hit {
        Some(v) => v,
        None => {
            let v = k * 2;
            m.lock().unwrap().insert(k, v);
            v
        }
    };
    v
}
