// #13 variant: one flat DashMap field; a single `Ref` bound with `?` (`let first = self.cache.get(..)?`), then `insert`
use dashmap::DashMap;

pub struct Instance {
    cache: DashMap<String, bool>,
}

impl Instance {
    pub fn check(&self, names: &[String]) -> Option<bool> {
        let first = self.cache.get(&names[0])?;
        let flag = *first.value();
        for n in names {
            self.cache.insert(n.clone(), flag);
        }
        Some(flag)
    }
}
