// The callers, in another file: their closures lock again what the helper holds.
use crate::store::Store;
use std::sync::Arc;

pub struct Cache {
    store: Arc<Store>,
}

impl Cache {
    pub fn bump(&self, id: u64) {
        self.store.with_entry_mut(id, |e| { //~ double-lock
            e.hits = self.store.hits(id) + 1;
        });
    }

    pub fn reindex(&self, id: u64) {
        self.store.with_index(|ids| { //~ double-lock
            if self.store.indexed() == 0 {
                ids.push(id);
            }
        });
    }

    // near miss: the closure only works on what it is given
    pub fn add(&self, id: u64) {
        self.store.with_index(|ids| ids.push(id));
    }
}
