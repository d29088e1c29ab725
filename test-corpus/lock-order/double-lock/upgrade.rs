// std-only (compiled by the fix harness): a read guard held while the same RwLock is locked
// for writing; the fix takes the write lock from the start.
use std::sync::RwLock;

pub struct Names {
    names: RwLock<Vec<String>>,
}

impl Names {
    pub fn rename(&self, i: usize, name: String) {
        let names = self.names.read().unwrap();
        if names.get(i).is_some() {
            self.names.write().unwrap()[i] = name; //~ double-lock
        }
    }
}
