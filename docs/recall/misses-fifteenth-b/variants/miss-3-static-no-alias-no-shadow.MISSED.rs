// #3 variant: no alias, and the Ref is not shadowed (`let e = entry.value().clone()`)
use dashmap::DashMap;
use once_cell::sync::Lazy;

#[derive(Clone)]
pub struct Entry {
    pub value: f64,
    pub at: i64,
}

static CACHE: Lazy<DashMap<String, Entry>> = Lazy::new(DashMap::new);

pub fn get_cached(key: &str, now: i64) -> Option<f64> {
    if let Some(entry) = CACHE.get(key) {
        let e = entry.value().clone();
        if now - e.at > 60 {
            CACHE.remove(key);
            return None;
        }
        return Some(e.value);
    }
    None
}
