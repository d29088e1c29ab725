// Removals that test the value and remove it in one step, or under one guard; and a
// removal after a presence-only test (repeating it is harmless: the key is gone either way).

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
        self.clients.remove_if(&id, |_, s| s.uid == uid);
    }

    pub fn forget(&self, name: &str, uid: u64) {
        let mut map = self.by_name.lock().unwrap();
        if map.get(name).is_some_and(|u| *u == uid) {
            map.remove(name);
        }
    }

    pub fn drop_any(&self, id: u64) {
        if self.clients.contains_key(&id) {
            self.clients.remove(&id);
        }
    }

    pub fn log_only(&self, id: u64, uid: u64) -> bool {
        // the value test decides nothing the map is changed by
        self.clients.get(&id).is_some_and(|s| s.uid == uid)
    }
}
