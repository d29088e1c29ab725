// The insert under a second guard becomes the re-check: `entry(k).or_insert(v)` keeps the value
// another thread inserted first (std only: the fix harness compiles the fixed file).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

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

pub struct Ids {
    by_name: Mutex<HashMap<String, u64>>,
    next: AtomicU64,
}

impl Ids {
    // The id handed out must be the one the map keeps: the rewrite takes it from the map.
    pub fn id_of(&self, name: String) -> u64 {
        if !self.by_name.lock().unwrap().contains_key(&name) { //~ map-check-then-insert
            let id = self.next.fetch_add(1, Ordering::Relaxed);
            self.by_name.lock().unwrap().insert(name, id);
            return id;
        }
        self.by_name.lock().unwrap()[&name]
    }
}
