use dashmap::DashMap;
pub struct Instance { cache: DashMap<String, bool> }
impl Instance {
    pub fn check(&self, a: &String, b: &String) {
        if let Some(hit) = self.cache.get(a) {
            self.cache.insert(b.clone(), *hit);
        }
    }
}
