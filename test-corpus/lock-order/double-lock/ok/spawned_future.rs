// An async method called under a guard and handed to `tokio::spawn` does not run there: the
// spawned task takes the lock later, after this guard is dropped (garage's peering retry).
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

pub struct Peering {
    known: RwLock<HashMap<u64, u32>>,
}

impl Peering {
    pub async fn retry(self: Arc<Self>, ids: Vec<u64>) {
        let mut known = self.known.write().unwrap();
        for id in ids {
            if let Some(n) = known.get_mut(&id) {
                *n += 1;
                tokio::spawn(self.clone().connect(id));
            }
        }
    }

    async fn connect(self: Arc<Self>, id: u64) {
        let known = self.known.read().unwrap();
        let _ = known.get(&id);
    }
}
