// A value whose type has a `Drop` impl that takes a lock, dropped while a guard of that lock
// is held: the drop runs the impl, whose `lock()` / `write()` never returns.
use std::collections::HashMap;
use std::sync::Weak;

// statics and a free function: an upgraded `Arc` dropped at the end of the `if let` while the
// read guard is alive (it is the last reference once the owner dropped its own)
static NAMES: once_cell::sync::Lazy<parking_lot::RwLock<HashMap<u64, Weak<Named>>>> =
    once_cell::sync::Lazy::new(Default::default);

pub fn names() -> Vec<u64> {
    let names = NAMES.read();
    let mut out = Vec::new();
    for weak in names.values() {
        if let Some(s) = weak.upgrade() {
            out.push(s.id);
        } //~ double-lock
    }
    out
}

pub struct Named {
    id: u64,
}

impl Drop for Named {
    fn drop(&mut self) {
        forget(self.id);
    }
}

// the `Drop` impl locks through a helper
fn forget(id: u64) {
    NAMES.write().remove(&id);
}

pub fn rename(id: u64) {
    let names = NAMES.read();
    let old = Named { id };
    if names.contains_key(&id) {
        drop(old); //~ double-lock
    }
}
