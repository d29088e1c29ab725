// A guard moved into a mapping call (`try_map`) comes back mapped in `Ok` or unmapped in
// `Err`; the miss arm drops it (or `.ok()` did) before locking for writing.
use std::collections::HashMap;
use tokio::sync::{RwLock, RwLockReadGuard};

pub struct Rooms {
    rooms: RwLock<HashMap<u32, String>>,
}

impl Rooms {
    pub async fn get_or_create(&self, id: u32) -> String {
        match RwLockReadGuard::try_map(self.rooms.read().await, |r| r.get(&id)) {
            Ok(v) => v.clone(),
            Err(g) => {
                drop(g);
                let mut w = self.rooms.write().await;
                w.entry(id).or_insert_with(|| id.to_string()).clone()
            }
        }
    }

    pub async fn get_or_create_ok(&self, id: u32) -> String {
        match RwLockReadGuard::try_map(self.rooms.read().await, |r| r.get(&id)).ok() {
            value @ Some(_) => value.map(|v| v.clone()).unwrap_or_default(),
            None => {
                let mut w = self.rooms.write().await;
                w.entry(id).or_insert_with(|| id.to_string()).clone()
            }
        }
    }
}
