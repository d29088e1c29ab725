// A guard given back in `Err` and kept: `Err(_)` leaves it in the scrutinee to the end of
// the `match`, `Err(g)` without a drop holds it in `g`.
use std::collections::HashMap;
use tokio::sync::{RwLock, RwLockReadGuard};

pub struct Rooms {
    rooms: RwLock<HashMap<u32, String>>,
}

impl Rooms {
    pub async fn kept(&self, id: u32) -> String {
        match RwLockReadGuard::try_map(self.rooms.read().await, |r| r.get(&id)) {
            Ok(v) => v.clone(),
            Err(_) => {
                let mut w = self.rooms.write().await; //~ double-lock
                w.entry(id).or_insert_with(|| id.to_string()).clone()
            }
        }
    }
}
