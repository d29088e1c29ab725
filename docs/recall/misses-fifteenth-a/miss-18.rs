use parking_lot::{Mutex, RwLock};
use std::collections::{HashMap, HashSet};

pub struct AccountProvider {
    unlocked: RwLock<HashMap<u64, String>>,
    unlocked_secrets: RwLock<HashMap<u64, String>>,
    store: Mutex<HashSet<u64>>,
}

impl AccountProvider {
    pub fn unlock(&self, a: u64, secret: String) {
        let mut unlocked = self.unlocked.write();
        unlocked.insert(a, secret.clone());
        self.unlocked_secrets.write().insert(a, secret);
    }

    pub fn sign(&self, a: u64) -> Option<String> {
        match self.unlocked_secrets.read().get(&a) {
            Some(s) => Some(s.clone()),
            None => self.unlocked.read().get(&a).cloned(),
        }
    }
}
