use dashmap::DashMap;
pub struct Instance { legacy_cache: DashMap<String, DashMap<String, bool>> }
impl Instance {
    pub fn check(&self, db: &str, a: &String, b: &String) {
        let cache = self.legacy_cache.entry(db.to_string()).or_default();
        if let Some(hit) = cache.get(a) {
            cache.insert(b.clone(), *hit);
        }
    }
}
