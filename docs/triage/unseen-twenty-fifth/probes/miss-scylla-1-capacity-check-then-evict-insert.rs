// Probe (written from scratch) for a missed bug in scylladb/scylla-rust-driver.
// Fix commit: 6eefe633 "CachingSession: Mostly fix a race condition" (parent 8dac4f8f).
//
// What goes wrong: `CachingSession::add_prepared_statement_owned` keeps prepared statements in
// a `DashMap` bounded by `max_capacity`. On a miss it prepares the statement (an await), then
// runs `if self.max_capacity == self.cache.len() { remove the first key }` and inserts. The
// size test and the eviction are separate map calls. Several tasks that miss with different
// statements while the cache is full all see `len == max`, all pick and remove the *same* first
// key, and all insert: the cache grows past `max_capacity`. From then on `len == max` is never
// true again, so nothing is evicted any more and the cache grows without bound (a memory leak
// under load). The fix tests `<=` in a `while` loop.
//
// racelint reports a size test and a growth of a collection under two guards of one Mutex
// (`contrast_mutex_vec`, reported: mutex-check-then-act).
// Missing fact: `len()` of a concurrent map (`DashMap::len`, which sums the shards) is a check
// of the map's size, and `insert` of a new key (with or without an eviction in between) is an
// act that grows it; a bound enforced by `len() == max` / `len() >= max` then `insert` on a
// shared DashMap is a size check-then-act. (The same with two `lock()`s of a Mutex<HashMap>
// and an eviction between, `add_locked_map`, is silent too.)
use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Prepared { id: u64 }

pub struct CachingSession {
    cache: DashMap<String, Prepared>,
    locked: Mutex<HashMap<String, Prepared>>,
    recent: Mutex<Vec<u64>>,
    max_capacity: usize,
}

async fn prepare(query: &str) -> Prepared {
    Prepared { id: query.len() as u64 }
}

impl CachingSession {
    pub async fn add_prepared(&self, query: String) -> u64 {
        if let Some(p) = self.cache.get(&query) {
            return p.id;
        }
        let prepared = prepare(&query).await;
        if self.max_capacity == self.cache.len() {
            // Cache is full, remove the first entry (no reference into the map is kept).
            let first = self.cache.iter().next().map(|e| e.key().to_string());
            if let Some(first) = first {
                self.cache.remove(&first);
            }
        }
        let id = prepared.id;
        self.cache.insert(query, prepared);
        id
    }

    pub fn add_locked_map(&self, query: String) {
        if self.locked.lock().unwrap().len() >= self.max_capacity {
            let first = self.locked.lock().unwrap().keys().next().cloned();
            if let Some(first) = first {
                self.locked.lock().unwrap().remove(&first);
            }
        }
        let id = query.len() as u64;
        self.locked.lock().unwrap().insert(query, Prepared { id });
    }

    // Contrast: reported (mutex-check-then-act).
    pub fn contrast_mutex_vec(&self, id: u64) {
        if self.recent.lock().unwrap().len() < self.max_capacity {
            self.recent.lock().unwrap().push(id);
        }
    }
}

// The session is shared by every request task of the application.
pub fn serve(session: Arc<CachingSession>) {
    for i in 0..8 {
        let s = session.clone();
        tokio::spawn(async move {
            let _ = s.add_prepared(format!("SELECT {i}")).await;
            s.add_locked_map(format!("SELECT {i}"));
            s.contrast_mutex_vec(i);
        });
    }
}
