// The helper, in its own file: it runs the caller's closure while it holds the entry's shard
// (in a closure over the map's reference) or the index's write guard (handing the closure on
// to a function that calls it).
use dashmap::DashMap;
use std::sync::RwLock;

pub struct Entry {
    pub hits: u64,
}

pub struct Store {
    pub entries: DashMap<u64, Entry>,
    pub index: RwLock<Vec<u64>>,
}

fn apply_to<F: FnOnce(&mut Vec<u64>)>(v: &mut Vec<u64>, f: F) {
    f(v)
}

impl Store {
    pub fn with_entry_mut<R>(&self, id: u64, f: impl FnOnce(&mut Entry) -> R) -> Option<R> {
        self.entries.get_mut(&id).map(|mut e| f(e.value_mut()))
    }

    pub fn hits(&self, id: u64) -> u64 {
        self.entries.get(&id).map(|e| e.hits).unwrap_or(0)
    }

    pub fn with_index<F: FnOnce(&mut Vec<u64>)>(&self, f: F) {
        let mut g = self.index.write().unwrap();
        apply_to(&mut g, f);
    }

    pub fn indexed(&self) -> usize {
        self.index.read().unwrap().len()
    }
}
