// FP, defguard HEAD ea1a50c3: crates/defguard_core/src/version.rs:248 (map-check-then-insert).
// Written from scratch.
//
// A registry of incompatible components is an `Arc<RwLock<..>>` holding a `HashSet`. Its
// `insert` first looks under a read guard only to avoid write-locking (`contains` -> return
// false), then returns `set.write().insert(item)`. `HashSet::insert` under the write guard is
// itself the check: of two threads that both pass the read, the first `insert` returns true and
// the second false, which is exactly the answer "was it newly added"; nothing runs on a stale
// answer. racelint reports the read-check and the insert under a second guard.
// What racelint would need: when the act is an insert whose own result (`HashSet::insert`'s
// bool, `HashMap::insert`'s `Option`, `entry()`) decides what happens next and the checked
// answer only short-cuts work, the check is re-made under the act's guard.
use std::collections::HashSet;
use std::sync::{Arc, RwLock};

#[derive(Default)]
pub struct Incompatible { pub gateways: HashSet<String> }

pub fn note_incompatible(reg: &Arc<RwLock<Incompatible>>, gateway: &str) -> bool {
    if reg.read().unwrap().gateways.contains(gateway) {
        return false;
    }
    reg.write().unwrap().gateways.insert(gateway.to_string())
}

pub fn start(reg: Arc<RwLock<Incompatible>>) {
    for i in 0..4 {
        let r = reg.clone();
        std::thread::spawn(move || {
            if note_incompatible(&r, &format!("gw-{}", i % 2)) {
                println!("new incompatible gateway");
            }
        });
    }
}
