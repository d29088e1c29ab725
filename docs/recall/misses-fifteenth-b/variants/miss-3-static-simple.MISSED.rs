// #3 variant: a `Lazy<DashMap>` static with the simple body of the field variant
use dashmap::DashMap;
use once_cell::sync::Lazy;

static M: Lazy<DashMap<String, i64>> = Lazy::new(DashMap::new);

pub fn expire(key: &str, now: i64) {
    if let Some(at) = M.get(key) {
        if now - *at > 60 {
            M.remove(key);
        }
    }
}
