use parking_lot::RwLock;
use std::collections::HashMap;

pub struct Pending {
    pub reconstruction_started: bool,
}

pub struct Inner {
    critical: RwLock<HashMap<u64, Pending>>,
}

impl Inner {
    fn set_started(&self, root: &u64) {
        self.critical.write().get_mut(root).unwrap().reconstruction_started = true;
    }

    pub fn reconstruct(&self, root: &u64) -> bool {
        let started = self.critical.read().get(root).map_or(true, |p| p.reconstruction_started);
        if !started {
            self.set_started(root);
            return true;
        }
        false
    }
}
