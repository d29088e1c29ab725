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

// Clones of the writer share `sinks`.
#[derive(Clone)]
pub struct CloneWriter {
    sinks: Arc<DashMap<u32, Arc<Sink>>>,
}

impl CloneWriter {
    pub fn add(&self, k: u32) {
        self.sinks.entry(k).or_insert_with(|| Arc::new(Sink));
    }

    pub async fn commit(self) -> Result<(), String> {
        let keys: Vec<u32> = self.sinks.iter().map(|e| *e.key()).collect();
        for k in keys {
            if let Some(s) = self.sinks.get(&k) { //~ guard-across-await
                s.put(k, 1).await?;
            }
        }
        Ok(())
    }
}

// The map is cloned into a background task that keeps writing it.
pub struct Tracker {
    seen: Arc<DashMap<u32, Arc<Sink>>>,
}

impl Tracker {
    pub fn start(&self) {
        let seen = self.seen.clone();
        tokio::spawn(async move {
            loop {
                seen.insert(1, Arc::new(Sink));
                tokio::task::yield_now().await;
            }
        });
    }

    pub async fn report(&mut self) -> Result<(), String> {
        if let Some(s) = self.seen.get(&1) { //~ guard-across-await
            s.put(1, 1).await?;
        }
        Ok(())
    }
}

// The map comes from the caller, which may keep a clone.
pub struct Borrowed {
    map: Arc<DashMap<u32, Arc<Sink>>>,
}

impl Borrowed {
    pub fn new(map: Arc<DashMap<u32, Arc<Sink>>>) -> Self {
        Borrowed { map }
    }

    pub fn bump(&self) {
        self.map.insert(0, Arc::new(Sink));
    }

    pub async fn drain(self) -> Result<(), String> {
        if let Some(s) = self.map.get(&0) { //~ guard-across-await
            s.put(0, 1).await?;
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
        let n = log.len() as u32;
        self.out.put(0, n).await?;
        Ok(())
    }
}
