// #13 variant: nested map (`cache` = `RefMut` of `entry(..).or_default()`), one inner `Ref` with `.unwrap()`
use dashmap::DashMap;

pub struct Instance {
    legacy: DashMap<String, DashMap<String, bool>>,
}

impl Instance {
    pub fn check(&self, db: &str, names: &[String]) -> Option<bool> {
        let cache = self.legacy.entry(db.to_string()).or_default();
        let first = cache.get(&names[0]).unwrap();
        let flag = *first.value();
        for n in names {
            cache.insert(n.clone(), flag);
        }
        Some(flag)
    }
}
