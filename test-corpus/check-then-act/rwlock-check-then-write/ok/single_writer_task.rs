// One writer: every write of the lock is made by a worker task spawned once (a consumer
// draining a channel, a periodic poller, a thread started by a constructor), which handles
// one event at a time. Nothing can change the value between its check under the read guard
// and its write; other code only reads it.
use parking_lot::RwLock;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::Receiver;

pub struct Update {
    pub slot: u64,
}

pub struct ServerCache {
    latest: RwLock<Option<Update>>,
}

impl ServerCache {
    // a method, called only by the consumer loop below
    fn recompute(&self, slot: u64) {
        let newer = match &*self.latest.read() {
            Some(cur) => slot > cur.slot,
            None => true,
        };
        if newer {
            *self.latest.write() = Some(Update { slot });
        }
    }

    pub fn latest_slot(&self) -> Option<u64> {
        self.latest.read().as_ref().map(|u| u.slot)
    }
}

// the worker is a function handed to `spawn`
async fn consume(cache: Arc<ServerCache>, mut rx: Receiver<u64>) {
    while let Some(slot) = rx.recv().await {
        cache.recompute(slot);
    }
}

pub fn start(cache: Arc<ServerCache>, rx: Receiver<u64>) {
    tokio::spawn(consume(cache, rx));
}

pub struct Index {
    known: RwLock<Vec<u64>>,
}

async fn lookup(k: u64) -> u64 {
    k
}

// a free function, called only from the poller's async block
async fn poll_once(ix: &Index, k: u64) {
    let known = ix.known.read().contains(&k);
    if !known {
        let v = lookup(k).await;
        ix.known.write().push(v);
    }
}

pub fn start_poller(ix: Arc<Index>) {
    tokio::spawn(async move {
        loop {
            poll_once(&ix, 7).await;
            tokio::time::sleep(Duration::from_secs(12)).await;
        }
    });
}

pub struct Clock {
    now: std::sync::RwLock<u64>,
}

impl Clock {
    // a std thread started once by the constructor, the only writer
    pub fn new() -> Arc<Clock> {
        let c = Arc::new(Clock { now: std::sync::RwLock::new(0) });
        let w = c.clone();
        std::thread::spawn(move || loop {
            let stale = *w.now.read().unwrap() < 100;
            if stale {
                *w.now.write().unwrap() = 100;
            }
            std::thread::sleep(Duration::from_millis(10));
        });
        c
    }

    pub fn now(&self) -> u64 {
        *self.now.read().unwrap()
    }
}
