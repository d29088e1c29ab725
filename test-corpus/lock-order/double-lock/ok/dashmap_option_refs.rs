// DashMap references out of `get`'s `Option` that are gone before the map is written: a
// value copied out in the statement (`self.m.get(k)?.len()`), a dropped binding, a
// `let .. else` binding whose block has ended, and a `match` arm that leaves.

use dashmap::DashMap;

pub struct Sessions {
    by_id: DashMap<u64, String>,
    sizes: DashMap<u64, usize>,
}

impl Sessions {
    pub fn measure(&self, id: u64) -> Option<usize> {
        let n = self.by_id.get(&id)?.len();
        self.by_id.remove(&id);
        Some(n)
    }

    pub fn rename(&self, id: u64, to: u64) -> Option<()> {
        let name = self.by_id.get(&id)?;
        let copy = name.clone();
        drop(name);
        self.by_id.insert(to, copy);
        Some(())
    }

    pub fn expire(&self, id: u64) -> bool {
        let empty = {
            let Some(name) = self.by_id.get(&id) else {
                return false;
            };
            name.is_empty()
        };
        if empty {
            self.by_id.remove(&id);
        }
        true
    }

    pub fn record(&self, id: u64) {
        let n = match self.by_id.get(&id) {
            Some(name) => name.len(),
            None => return,
        };
        self.sizes.insert(id, n);
        self.by_id.remove(&id);
    }
}
