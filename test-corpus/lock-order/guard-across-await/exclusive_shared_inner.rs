// `self` by value or `&mut self` does not make a lock exclusive when what holds it is shared
// with other values: an `Arc` field of a `Clone` struct (every clone holds the same map), an
// `Arc` field cloned into a task, one handed in from outside, or a `pub` field anyone can
// clone. Another task can still wait for the shard or the mutex while this one is suspended.
use dashmap::DashMap;
use std::sync::{Arc, Mutex};

pub struct Sink;
impl Sink {
    pub async fn put(&self, _key: u32, _v: u32) -> Result<(), String> {
        Ok(())
    }
}

// Clones of the writer share `deltas`.
#[derive(Clone)]
pub struct CloneWriter {
    deltas: Arc<DashMap<u32, u32>>,
    out: Arc<Sink>,
}

impl CloneWriter {
    pub fn add(&self, k: u32) {
        *self.deltas.entry(k).or_insert(0) += 1;
    }

    pub async fn commit(self) -> Result<(), String> {
        let keys: Vec<u32> = self.deltas.iter().map(|e| *e.key()).collect();
        for k in keys {
            if let Some(v) = self.deltas.get(&k) { //~ guard-across-await
                self.out.put(k, *v).await?;
            }
        }
        Ok(())
    }
}

// The map is cloned into a background task that keeps writing it.
pub struct Tracker {
    seen: Arc<DashMap<u32, u32>>,
    out: Sink,
}

impl Tracker {
    pub fn start(&self) {
        let seen = self.seen.clone();
        tokio::spawn(async move {
            loop {
                seen.insert(1, 2);
                tokio::task::yield_now().await;
            }
        });
    }

    pub async fn report(&mut self) -> Result<(), String> {
        if let Some(v) = self.seen.get(&1) { //~ guard-across-await
            self.out.put(1, *v).await?;
        }
        Ok(())
    }
}

// The map comes from the caller, which may keep a clone.
pub struct Borrowed {
    map: Arc<DashMap<u32, u32>>,
    out: Sink,
}

impl Borrowed {
    pub fn new(map: Arc<DashMap<u32, u32>>) -> Self {
        Borrowed { map, out: Sink }
    }

    pub fn bump(&self) {
        self.map.insert(0, 1);
    }

    pub async fn drain(self) -> Result<(), String> {
        if let Some(v) = self.map.get(&0) { //~ guard-across-await
            self.out.put(0, *v).await?;
        }
        Ok(())
    }
}

// A `pub` field: any code can clone the `Arc`.
pub struct Open {
    pub log: Arc<Mutex<Vec<u32>>>,
    out: Sink,
}

impl Open {
    pub async fn flush(&mut self) -> Result<(), String> {
        let log = self.log.lock().unwrap(); //~ guard-across-await
        self.out.put(0, log.len() as u32).await?;
        Ok(())
    }
}
