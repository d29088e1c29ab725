// #3 variant: a struct field `DashMap`, Ref held by `if let`, then `remove` of the same map
use dashmap::DashMap;

pub struct C {
    m: DashMap<String, i64>,
}

impl C {
    pub fn expire(&self, key: &str, now: i64) {
        if let Some(at) = self.m.get(key) {
            if now - *at > 60 {
                self.m.remove(key);
            }
        }
    }
}
