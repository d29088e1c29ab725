// A check that only skips a write which would change nothing: `if current != new { set new }`.
// Whatever two such updates interleave, the value ends as the last writer left it, as if the
// two had run one after the other; the split guard loses no update.

use std::sync::{Arc, RwLock};

pub struct Credentials {
    current: tokio::sync::RwLock<Arc<String>>,
    region: RwLock<Option<String>>,
}

impl Credentials {
    // the comparison is bound to a variable computed in a block under a named read guard
    pub async fn reload(&self, fresh: String) {
        let changed = {
            let guard = self.current.read().await;
            guard.as_str() != fresh.as_str()
        };
        if changed {
            let mut guard = self.current.write().await;
            *guard = Arc::new(fresh);
        }
    }

    // a temporary read guard in the condition, the new value on the left
    pub fn set_region(&self, region: Option<String>) {
        if region != *self.region.read().unwrap() {
            *self.region.write().unwrap() = region;
        }
    }
}

// a free function over a shared handle, the value converted on the way in
pub fn set_level(level: &Arc<RwLock<u64>>, wanted: u32) {
    if *level.read().unwrap() != u64::from(wanted) {
        let mut w = level.write().unwrap();
        *w = u64::from(wanted);
    }
}

// a static, in a spawned thread
static MODE: parking_lot::RwLock<&str> = parking_lot::RwLock::new("idle");

pub fn switch(mode: &'static str) {
    std::thread::spawn(move || {
        if *MODE.read() != mode {
            *MODE.write() = mode;
        }
    });
}
