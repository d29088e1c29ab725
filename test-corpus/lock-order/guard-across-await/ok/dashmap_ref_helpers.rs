// Helpers that give a copy out of a `DashMap`, not its reference, or that are no map's
// helpers at all: the shard is released inside the helper.
use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Session {
    pub hits: u64,
}

impl Session {
    pub async fn send(&self, _b: &[u8]) -> std::io::Result<usize> {
        Ok(0)
    }
}

pub struct Pool {
    sessions: DashMap<u64, Arc<Session>>,
    names: Mutex<HashMap<u64, String>>,
}

pub struct Local {
    seen: HashMap<u64, Session>,
}

impl Local {
    // a plain map's lookup: no lock
    pub fn get(&self, key: u64) -> Option<&Session> {
        self.seen.get(&key)
    }
}

impl Pool {
    // the value cloned out: the reference is dropped before the helper returns
    pub fn get(&self, key: u64) -> Option<Arc<Session>> {
        self.sessions.get(&key).map(|r| r.value().clone())
    }

    pub async fn ping(&self, key: u64) {
        if let Some(s) = self.get(key) {
            let _ = s.send(b"ping").await;
        }
        self.sessions.remove(&key);
    }

    // a receiver of another type calling a method of the same name
    pub async fn ping_local(&self, local: &Local, key: u64) {
        if let Some(s) = local.get(key) {
            let _ = s.send(b"ping").await;
        }
        self.names.lock().unwrap().remove(&key);
    }

    // the found item's key copied out before the map is written
    pub fn evict_first(&self) {
        let first = self.sessions.iter().find(|e| e.hits == 0).map(|e| *e.key());
        if let Some(k) = first {
            self.sessions.remove(&k);
        }
    }
}

pub fn spawn(pool: Arc<Pool>) {
    for k in 0..4u64 {
        let pool = pool.clone();
        tokio::spawn(async move {
            pool.ping(k).await;
            pool.evict_first();
        });
    }
}
