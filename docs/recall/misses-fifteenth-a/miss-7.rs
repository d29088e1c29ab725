use parking_lot::RwLock;
use std::collections::HashMap;

pub struct NetworkState {
    public_addrs: RwLock<HashMap<String, u8>>,
    pending_observed: RwLock<Vec<String>>,
}

impl NetworkState {
    pub fn add_observed(&self, addrs: Vec<String>) {
        let mut public = self.public_addrs.write();
        let mut pending = self.pending_observed.write();
        for a in addrs {
            if let Some(score) = public.get_mut(&a) {
                *score = score.saturating_add(1);
            } else {
                pending.push(a);
            }
        }
    }

    pub fn dial_observed(&self) {
        let mut pending = self.pending_observed.write();
        let public = self.public_addrs.read();
        pending.retain(|a| !public.contains_key(a));
    }
}
