// A map entry's value is tested (`is this still my session?`) and the key is then removed
// in a separate step: another thread can replace the entry in between (the client
// reconnects), and the remove deletes the new entry.

use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Session {
    uid: u64,
}

pub struct Registry {
    clients: DashMap<u64, Session>,
    by_name: Mutex<HashMap<String, u64>>,
}

impl Registry {
    pub fn disconnect(&self, id: u64, uid: u64) {
        if self.clients.get(&id).is_some_and(|s| s.uid == uid) { //~ map-check-then-insert
            self.clients.remove(&id);
        }
    }

    pub fn disconnect_checked(&self, id: &u64, uid: &u64) -> Result<(), String> {
        let mine = self.clients.get(id).is_some_and(|client| client.uid == *uid); //~ map-check-then-insert
        if mine {
            self.clients.remove(id).ok_or_else(|| "gone".to_string())?;
            return Ok(());
        }
        Err("not connected".into())
    }

    pub fn forget(&self, name: &str, uid: u64) {
        let owned = self.by_name.lock().unwrap().get(name).map_or(false, |u| *u == uid); //~ map-check-then-insert
        if owned {
            self.by_name.lock().unwrap().remove(name);
        }
    }
}

pub fn expire(leases: &DashMap<String, u64>, key: &str, now: u64) {
    if leases.get(key).map(|until| *until < now).unwrap_or(false) { //~ map-check-then-insert
        leases.remove(key);
    }
}
