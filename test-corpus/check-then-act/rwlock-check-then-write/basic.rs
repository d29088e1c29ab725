// Positive cases of `rwlock-check-then-write`: a condition checked under a read guard is acted on
// under a separately acquired write guard of the same RwLock, with no re-check.

use std::sync::{Arc, RwLock};
use std::thread;

#[derive(Default)]
pub struct Pool {
    pub idle: Vec<u32>,
    pub size: usize,
    pub closed: bool,
}

pub struct Server {
    pool: RwLock<Pool>,
    queue: Arc<RwLock<Vec<String>>>,
}

impl Server {
    // Two threads can both see the pool below its limit and both grow it.
    pub fn grow(&self, max: usize) {
        if self.pool.read().unwrap().size < max { //~ rwlock-check-then-write
            let mut p = self.pool.write().unwrap();
            p.size += 1;
            p.idle.push(p.size as u32);
        }
    }

    // The read guard is named and dropped before the write.
    pub fn push_if_room(&self, item: String) {
        let q = self.queue.read().unwrap(); //~ rwlock-check-then-write
        if q.len() < 100 {
            drop(q);
            self.queue.write().unwrap().push(item);
        }
    }

    // The check is bound to a variable first.
    pub fn reopen(&self) {
        let closed = self.pool.read().unwrap().closed; //~ rwlock-check-then-write
        if closed {
            self.pool.write().unwrap().closed = false;
        }
    }
}

// A static RwLock from parking_lot, checked in a spawned thread.
static SETTINGS: parking_lot::RwLock<Vec<String>> = parking_lot::RwLock::new(Vec::new());

pub fn add_default() {
    thread::spawn(|| {
        if SETTINGS.read().is_empty() { //~ rwlock-check-then-write
            SETTINGS.write().push("default".to_string());
        }
    });
}

// tokio RwLock in an async fn, through an Arc parameter.
pub async fn register(names: Arc<tokio::sync::RwLock<Vec<String>>>, name: String) {
    if !names.read().await.contains(&name) { //~ rwlock-check-then-write
        names.write().await.push(name);
    }
}
