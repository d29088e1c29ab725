use dashmap::DashMap;
pub struct Instance { cache: DashMap<String, bool> }
impl Instance {
    pub fn check(&self, a: &String) {
        let hits: Vec<_> = vec![self.cache.get(a).unwrap()];
        self.cache.insert(a.clone(), true);
        drop(hits);
    }
}
