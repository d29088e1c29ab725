// Positive cases of `map-check-then-insert`: a shared map is checked for a key and the key is
// inserted (or removed) under a second guard, so two threads both see "missing" and both insert.

use dashmap::DashMap;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

pub struct Session {
    pub user: u64,
}

async fn load_session(_id: &str) -> Session {
    Session { user: 0 }
}

fn compute(k: u64) -> String {
    k.to_string()
}

pub struct SessionCache {
    sessions: Mutex<HashMap<String, Arc<Session>>>,
}

impl SessionCache {
    // The lock is released across the `.await`: every concurrent request loads and inserts.
    pub async fn get_or_load(&self, id: String) -> Arc<Session> {
        if !self.sessions.lock().unwrap().contains_key(&id) { //~ map-check-then-insert
            let s = Arc::new(load_session(&id).await);
            self.sessions.lock().unwrap().insert(id.clone(), s);
        }
        self.sessions.lock().unwrap()[&id].clone()
    }
}

// DashMap: `get` then `insert` are two separate shard-locked calls.
pub fn intern(names: &DashMap<u64, String>, k: u64) {
    if names.get(&k).is_none() { //~ map-check-then-insert
        names.insert(k, compute(k));
    }
}

// The check returns early; the insert follows under a second guard (a thread per job).
pub fn start_jobs(running: Arc<Mutex<HashMap<u64, thread::JoinHandle<()>>>>, ids: Vec<u64>) {
    for id in ids {
        let running = Arc::clone(&running);
        thread::spawn(move || {
            if running.lock().unwrap().contains_key(&id) { //~ map-check-then-insert
                return;
            }
            let handle = thread::spawn(move || {});
            running.lock().unwrap().insert(id, handle);
        });
    }
}

pub struct Registry {
    by_name: DashMap<String, u64>,
    next_id: std::sync::atomic::AtomicU64,
    seen: Mutex<HashSet<u64>>,
    routes: RwLock<HashMap<String, u64>>,
}

impl Registry {
    // `if let Some(..) = .. else insert` on a concurrent map: it looks like a cache, but the
    // value comes from a counter, so two threads that miss together hand out two ids for one
    // name.
    pub fn id_of(&self, name: String) -> u64 {
        if let Some(id) = self.by_name.get(&name) { //~ map-check-then-insert
            *id
        } else {
            let id = self.next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.by_name.insert(name, id);
            id
        }
    }

    // A set: `contains` then `insert` under two guards.
    pub fn first_time(&self, id: u64) -> bool {
        if !self.seen.lock().unwrap().contains(&id) { //~ map-check-then-insert
            self.seen.lock().unwrap().insert(id);
            return true;
        }
        false
    }

    // Checked under the read lock, inserted under the write lock, no re-check.
    pub fn route(&self, path: &str, target: u64) {
        if self.routes.read().unwrap().get(path).is_none() { //~ map-check-then-insert
            self.routes.write().unwrap().insert(path.to_string(), target);
        }
    }

    // Checked, then removed: another thread can remove the entry first and `unwrap` panics.
    pub fn take_route(&self, path: &str) -> u64 {
        if self.routes.read().unwrap().contains_key(path) { //~ map-check-then-insert
            return self.routes.write().unwrap().remove(path).unwrap();
        }
        0
    }
}

// A `match` on a DashMap lookup with the insert in the `None` arm.
pub fn count_first(counts: &DashMap<String, u32>, word: &str) -> u32 {
    match counts.get(word) { //~ map-check-then-insert
        Some(c) => *c,
        None => {
            counts.insert(word.to_string(), 1);
            1
        }
    }
}
