// lance bbd2f7da0 shape: the read guard of the `if let` scrutinee is alive inside the block
// (the binding borrows from it), where the write lock of the same RwLock is taken.
use std::collections::HashMap;
use std::sync::{Arc, RwLock, Weak};

pub struct Store;

pub struct Registry {
    active_stores: RwLock<HashMap<String, Weak<Store>>>,
}

impl Registry {
    pub fn get_store(&self, key: &String) -> Option<Arc<Store>> {
        if let Some(store) = self.active_stores.read().expect("poisoned").get(key) {
            if let Some(store) = store.upgrade() {
                return Some(store);
            } else {
                let mut cache = self.active_stores.write().expect("poisoned");
                cache.remove(key);
            }
        }
        None
    }
}
