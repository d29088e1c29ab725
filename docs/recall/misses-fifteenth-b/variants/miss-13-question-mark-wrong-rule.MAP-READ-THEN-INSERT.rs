// #13 observation: a `Ref` bound with `?` and a value computed from it inserted back: reported as
// map-read-then-insert ("under a second guard") instead of double-lock; with `.unwrap()` both are reported
use dashmap::DashMap;
pub struct Instance { cache: DashMap<String, bool> }
impl Instance {
    pub fn check(&self, k: &str) -> Option<bool> {
        let first = self.cache.get(k)?;
        let flag = *first.value();
        self.cache.insert(k.to_string(), !flag);
        Some(flag)
    }
}
