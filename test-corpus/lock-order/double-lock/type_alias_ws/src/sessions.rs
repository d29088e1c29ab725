// A field typed through another file's alias of a tokio `RwLock`: the read guard `r` is
// still alive when the write lock is taken.
use crate::types::RwAHashMap;

pub struct Sessions {
    map: RwAHashMap<u64, String>,
}

impl Sessions {
    pub async fn register(&self, id: u64, name: String) {
        let r = self.map.read().await;
        if r.get(&id).is_some() {
            return;
        }
        let mut w = self.map.write().await; //~ double-lock
        w.insert(id, name);
    }
}
