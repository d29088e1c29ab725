// Positive cases of `map-read-then-insert`.

use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

pub struct Hits {
    by_path: DashMap<String, u64>,
}

impl Hits {
    pub fn hit(&self, path: &str) {
        let n = self.by_path.get(path).map(|r| *r).unwrap_or(0); //~ map-read-then-insert
        self.by_path.insert(path.to_string(), n + 1);
    }
}

pub struct Cache {
    counts: Mutex<HashMap<u32, u32>>,
    scores: RwLock<HashMap<String, i64>>,
}

impl Cache {
    pub fn bump(&self, id: u32) {
        let cur = self.counts.lock().unwrap().get(&id).copied().unwrap_or(0); //~ map-read-then-insert
        self.counts.lock().unwrap().insert(id, cur + 1);
    }

    pub fn penalise(&self, user: &String, by: i64) {
        let old = *self.scores.read().unwrap().get(user).unwrap_or(&0); //~ map-read-then-insert
        let new = old - by;
        self.scores.write().unwrap().insert(user.clone(), new);
    }
}

pub async fn record(seen: Arc<tokio::sync::Mutex<HashMap<u64, u32>>>, key: u64) {
    let prev = seen.lock().await.get(&key).copied().unwrap_or_default(); //~ map-read-then-insert
    notify(key).await;
    seen.lock().await.insert(key, prev + 1);
}

pub fn tally(words: Arc<DashMap<String, usize>>, input: Vec<String>) {
    std::thread::spawn(move || {
        for w in input {
            let c = words.get(&w).map(|v| *v).unwrap_or(0); //~ map-read-then-insert
            words.insert(w, c + 1);
        }
    });
}

async fn notify(_k: u64) {}
