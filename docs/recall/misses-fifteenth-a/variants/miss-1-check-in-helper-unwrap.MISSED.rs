use parking_lot::RwLock;
use std::collections::HashMap;

pub struct Pending {
    pub reconstruction_started: bool,
}

pub struct Inner {
    critical: RwLock<HashMap<u64, Pending>>,
}

impl Inner {
    fn is_started(&self, root: &u64) -> bool {
        self.critical.read().get(root).map_or(true, |p| p.reconstruction_started)
    }

    pub fn reconstruct(&self, root: &u64) -> bool {
        if !self.is_started(root) {
            self.critical.write().get_mut(root).unwrap().reconstruction_started = true;
            return true;
        }
        false
    }
}
