// Near misses of ok/same_value_fill.rs: the value a racer stores is its own (a caller's
// argument, a resource made anew), or the fill touches other shared state, so the second
// fill replaces what the first caller stored and may already use.

use std::sync::{Arc, Mutex};

pub struct Session {
    region: Mutex<Option<String>>,
    seen: Mutex<u64>,
}

impl Session {
    // The caller's argument: two callers store different regions, the first one's is lost.
    pub fn set_region(&self, region: String) {
        if self.region.lock().unwrap().is_none() { //~ lazy-init-race
            *self.region.lock().unwrap() = Some(region);
        }
    }

    // `self`'s data, but another lock is taken in between: the fill is part of a larger step.
    pub fn region_counted(&self) {
        if self.region.lock().unwrap().is_none() { //~ lazy-init-race
            let r = self.default_region();
            *self.seen.lock().unwrap() += 1;
            *self.region.lock().unwrap() = Some(r);
        }
    }

    fn default_region(&self) -> String {
        String::from("eu")
    }
}

pub fn spawn_all(s: Arc<Session>) {
    let s2 = s.clone();
    std::thread::spawn(move || {
        s2.set_region("a".into());
        s2.region_counted();
    });
    s.set_region("c".into());
}
