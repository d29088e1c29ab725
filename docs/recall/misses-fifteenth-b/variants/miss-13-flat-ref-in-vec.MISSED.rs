// #13 variant: one flat DashMap field; Refs collected into a Vec, then `insert` on the same map
use dashmap::DashMap;

pub struct Instance {
    cache: DashMap<String, bool>,
}

impl Instance {
    pub fn check(&self, names: &[String]) -> Option<bool> {
        let hit = names.iter().filter_map(|n| self.cache.get(n)).collect::<Vec<_>>();
        if !hit.is_empty() {
            let flag = hit.iter().any(|e| *e.value());
            for n in names {
                self.cache.insert(n.clone(), flag);
            }
            return Some(flag);
        }
        None
    }
}
