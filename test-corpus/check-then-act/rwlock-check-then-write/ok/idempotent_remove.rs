// The branch only removes an element under the write guard and ignores the result: removing
// what another writer already removed does nothing, so the check is a fast path, not a
// decision (qdrant's `failed_operation` clean-up).
use std::collections::{BTreeSet, HashMap};
use std::sync::RwLock;

pub struct Holder {
    pub failed_operation: BTreeSet<u64>,
}

pub struct Updater {
    segments: parking_lot::RwLock<Holder>,
    cache: RwLock<HashMap<u64, String>>,
}

impl Updater {
    pub fn applied(&self, op_num: u64) {
        if !self.segments.read().failed_operation.is_empty() {
            // this operation failed before: it got fixed now
            self.segments.write().failed_operation.remove(&op_num);
        }
    }

    pub fn evict(&self, key: u64) {
        if self.cache.read().unwrap().contains_key(&key) {
            self.cache.write().unwrap().remove(&key);
        }
    }
}
