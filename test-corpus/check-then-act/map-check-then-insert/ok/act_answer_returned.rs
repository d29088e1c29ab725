// Near misses: a read-guard fast path, then the act under a write guard whose own answer the
// function returns. `HashSet::insert` says whether the key was new, `HashMap::insert` /
// `remove` what was there; the caller acts on that answer, not on the first check.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

#[derive(Default)]
pub struct Incompatible {
    pub gateways: HashSet<String>,
}

// the body's tail
pub fn note_incompatible(reg: &Arc<RwLock<Incompatible>>, gateway: &str) -> bool {
    if reg.read().unwrap().gateways.contains(gateway) {
        return false;
    }
    reg.write().unwrap().gateways.insert(gateway.to_string())
}

pub struct Sessions {
    live: RwLock<HashMap<u64, String>>,
}

impl Sessions {
    // `return` of a map's insert: the previous value, under the write guard
    pub fn open(&self, id: u64, user: String) -> Option<String> {
        if self.live.read().unwrap().contains_key(&id) {
            return Some(String::new());
        }
        return self.live.write().unwrap().insert(id, user);
    }

    // a closure whose tail is the remove
    pub fn closer(&self) -> impl Fn(u64) -> Option<String> + '_ {
        move |id| {
            if !self.live.read().unwrap().contains_key(&id) {
                return None;
            }
            self.live.write().unwrap().remove(&id)
        }
    }
}

pub fn start(reg: Arc<RwLock<Incompatible>>, s: Arc<Sessions>) {
    for i in 0..4 {
        let r = reg.clone();
        let s = s.clone();
        std::thread::spawn(move || {
            if note_incompatible(&r, &format!("gw-{}", i % 2)) {
                println!("new incompatible gateway");
            }
            s.open(i, String::new());
            (s.closer())(i);
        });
    }
}
