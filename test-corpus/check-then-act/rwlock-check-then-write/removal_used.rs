// A removal whose result is used, or a branch that does more than remove, still depends on
// the check.
use std::collections::BTreeSet;

pub struct Holder {
    pub failed: BTreeSet<u64>,
}

pub struct Updater {
    segments: parking_lot::RwLock<Holder>,
    log: parking_lot::Mutex<Vec<bool>>,
}

impl Updater {
    pub fn applied(&self, op: u64) {
        if !self.segments.read().failed.is_empty() { //~ rwlock-check-then-write
            let was = self.segments.write().failed.remove(&op);
            self.log.lock().push(was);
        }
    }
}
