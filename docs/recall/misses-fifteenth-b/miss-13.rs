// #13 greptimedb 0e7ec7ff0a: a nested DashMap. `cache` is a `RefMut` of the outer map;
// `hit` collects `Ref`s of the inner map (`cache.get(name)`) into a Vec, which is still alive
// when `cache.insert(..)` write-locks an inner shard (self-deadlock when a name hashes to a
// shard one of the held Refs is in).
use dashmap::DashMap;

pub struct Instance {
    legacy: DashMap<String, DashMap<String, bool>>,
}

impl Instance {
    pub fn check(&self, db: &str, names: &[String]) -> Option<bool> {
        let cache = self.legacy.entry(db.to_string()).or_default();
        let hit = names.iter().filter_map(|n| cache.get(n)).collect::<Vec<_>>();
        if !hit.is_empty() {
            let flag = hit.iter().any(|e| *e.value());
            names.iter().for_each(|n| {
                if !cache.contains_key(n) {
                    cache.insert(n.clone(), flag);
                }
            });
            return Some(flag);
        }
        None
    }
}
