// #13 variant: as `flat-one-ref-question-mark` with `.unwrap()` instead of `?`
use dashmap::DashMap;

pub struct Instance {
    cache: DashMap<String, bool>,
}

impl Instance {
    pub fn check(&self, names: &[String]) -> Option<bool> {
        let first = self.cache.get(&names[0]).unwrap();
        let flag = *first.value();
        for n in names {
            self.cache.insert(n.clone(), flag);
        }
        Some(flag)
    }
}
