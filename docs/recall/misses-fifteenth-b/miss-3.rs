// #3 openobserve f173956822: `if let Some(entry) = MAP.get(&k)` keeps a DashMap `Ref` (shard
// read lock) for the whole block; `let entry = entry.value().clone()` only shadows it, and
// `MAP.remove(&k)` then needs the same shard's write lock (self-deadlock). The map is a
// `Lazy` static typed through a project alias of `dashmap::DashMap`.
use once_cell::sync::Lazy;

pub type RwHashMap<K, V> = dashmap::DashMap<K, V>;

#[derive(Clone)]
pub struct Entry {
    pub value: f64,
    pub at: i64,
}

static CACHE: Lazy<RwHashMap<String, Entry>> = Lazy::new(Default::default);

pub fn get_cached(key: &str, now: i64) -> Option<f64> {
    if let Some(entry) = CACHE.get(key) {
        let entry = entry.value().clone();
        if now - entry.at > 60 {
            CACHE.remove(key);
            return None;
        }
        return Some(entry.value);
    }
    None
}
