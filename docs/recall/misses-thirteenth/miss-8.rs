// greptimedb e62f0e2b64 shape: references of an inner DashMap kept in a Vec while inserting into it.
use dashmap::DashMap;

pub struct Instance {
    legacy_cache: DashMap<String, DashMap<String, bool>>,
}

impl Instance {
    pub fn check_legacy(&self, db: &str, names: &[&String]) -> Option<bool> {
        let cache = self.legacy_cache.entry(db.to_string()).or_default();
        let hits = names
            .iter()
            .filter_map(|name| cache.get(*name))
            .collect::<Vec<_>>();
        if !hits.is_empty() {
            let flag = hits.iter().any(|e| *e.value());
            // `hits` still holds read locks on shards of `cache`
            names.iter().for_each(|name| {
                if !cache.contains_key(*name) {
                    cache.insert(name.to_string(), flag);
                }
            });
            return Some(flag);
        }
        None
    }
}
