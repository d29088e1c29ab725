use parking_lot::RwLock;
use std::collections::HashMap;

pub struct Pending {
    pub columns: usize,
    pub reconstruction_started: bool,
}

pub struct Inner {
    critical: RwLock<HashMap<u64, Pending>>,
}

impl Inner {
    pub fn reconstruct(&self, root: &u64) -> bool {
        let started = self.critical.read().get(root).map_or(true, |p| p.reconstruction_started);
        if !started {
            if let Some(p) = self.critical.write().get_mut(root) {
                p.reconstruction_started = true;
            }
            return true;
        }
        false
    }
}
