// #3 variant: a struct field typed through the alias of `dashmap::DashMap`
pub type RwHashMap<K, V> = dashmap::DashMap<K, V>;

pub struct C {
    m: RwHashMap<String, i64>,
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
