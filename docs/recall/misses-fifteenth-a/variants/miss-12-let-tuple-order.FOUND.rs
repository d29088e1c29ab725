use parking_lot::RwLock;
use std::collections::HashMap;

pub struct Stats {
    pub num_workers: usize,
}

pub struct Workers {
    list: RwLock<HashMap<usize, String>>,
    stats: RwLock<Stats>,
}

impl Workers {
    pub fn add(&self, id: usize) {
        let mut stats = self.stats.write();
        let mut list = self.list.write();
        list.insert(id, String::new());
        stats.num_workers = list.len();
    }

    pub fn remove(&self, id: usize) {
        self.list.write().remove(&id);
        let n = (self.list.read().len(), self.stats.write().num_workers);
        drop(n);
    }
}
