// `double-lock` on a DashMap reference taken out of `get`'s `Option` in other ways than
// `unwrap` and `if let`: `?` (also through `ok_or`), `let Some(r) = .. else`, and a
// `match` whose first arm binds `Some(r)`. The reference locks its shard until it is
// dropped; an `insert` or `remove` of the same map meanwhile waits for it (always, for the
// same key).

use dashmap::DashMap;
use std::sync::Arc;

#[derive(Debug)]
pub struct Missing;

pub struct Sessions {
    by_id: DashMap<u64, String>,
}

impl Sessions {
    pub fn rename(&self, id: u64, to: u64) -> Option<()> {
        let name = self.by_id.get(&id)?;
        self.by_id.insert(to, name.clone()); //~ double-lock
        Some(())
    }

    pub fn rename_or_fail(&self, id: u64, to: u64) -> Result<(), Missing> {
        let name = self.by_id.get(&id).ok_or(Missing)?;
        self.by_id.remove(&to); //~ double-lock
        let _ = name.len();
        Ok(())
    }

    pub fn expire(&self, id: u64) -> bool {
        let Some(name) = self.by_id.get(&id) else {
            return false;
        };
        if name.is_empty() {
            self.by_id.remove(&id); //~ double-lock
        }
        true
    }

    pub fn touch(&self, id: u64) {
        match self.by_id.get(&id) {
            Some(name) => {
                let fresh = format!("{}!", name.as_str());
                self.by_id.insert(id, fresh); //~ double-lock
            }
            None => {}
        }
    }
}

// a free function over a shared map, in an async task
pub async fn promote(map: Arc<DashMap<u64, u32>>, id: u64) -> Option<u32> {
    let level = map.get(&id)?;
    let next = *level + 1;
    map.insert(id, next); //~ double-lock
    Some(next)
}
