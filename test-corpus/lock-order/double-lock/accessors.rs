// A lock taken again through an accessor that returns it.
use std::sync::{Mutex, RwLock};

pub struct Registry {
    items: RwLock<Vec<u32>>,
    count: Mutex<u32>,
}

impl Registry {
    fn items(&self) -> &RwLock<Vec<u32>> {
        &self.items
    }

    fn count(&self) -> &Mutex<u32> {
        &self.count
    }

    pub fn add(&self, x: u32) {
        let items = self.items().read().unwrap();
        if !items.contains(&x) {
            self.items.write().unwrap().push(x); //~ double-lock
        }
    }

    pub fn bump(&self) {
        let _c = self.count.lock().unwrap();
        *self.count().lock().unwrap() += 1; //~ double-lock
    }
}
