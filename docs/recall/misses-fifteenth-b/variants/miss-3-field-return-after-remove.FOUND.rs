// #3 variant: field DashMap, remove followed by `return` inside the `if let` (real shape)
use dashmap::DashMap;

pub struct C {
    m: DashMap<String, i64>,
}

impl C {
    pub fn get(&self, key: &str, now: i64) -> Option<i64> {
        if let Some(at) = self.m.get(key) {
            let v = *at;
            if now - v > 60 {
                self.m.remove(key);
                return None;
            }
            return Some(v);
        }
        None
    }
}
