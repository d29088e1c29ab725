// A `DashMap` in a `static` (`Lazy<DashMap<..>>`) locks its shards like one in a field: the
// `Ref` from `get` is alive when `remove` locks the same shard.
use dashmap::DashMap;
use once_cell::sync::Lazy;

static EXPIRES: Lazy<DashMap<String, i64>> = Lazy::new(DashMap::new);

pub fn expire(key: &str, now: i64) {
    if let Some(at) = EXPIRES.get(key) {
        if now - *at > 60 {
            EXPIRES.remove(key); //~ double-lock
        }
    }
}
