use dashmap::DashMap;
pub struct Instance { cache: DashMap<String, bool> }
impl Instance {
    pub fn check(&self, names: &[String]) {
        let hits = names.iter().filter_map(|n| self.cache.get(n)).collect::<Vec<_>>();
        for n in names {
            self.cache.insert(n.clone(), true);
        }
        drop(hits);
    }
}
