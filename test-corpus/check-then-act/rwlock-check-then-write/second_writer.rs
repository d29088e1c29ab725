// Near misses of the single-writer exemption: a second writer exists, so the check can be
// stale when the write happens.
use parking_lot::RwLock;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::Receiver;

pub struct Cache {
    latest: RwLock<Option<u64>>,
}

impl Cache {
    fn offer(&self, slot: u64) {
        let newer = match *self.latest.read() { //~ rwlock-check-then-write
            Some(cur) => slot > cur,
            None => true,
        };
        if newer {
            *self.latest.write() = Some(slot);
        }
    }
}

async fn consume(cache: Arc<Cache>, mut rx: Receiver<u64>) {
    while let Some(slot) = rx.recv().await {
        cache.offer(slot);
    }
}

// two consumers, two writer tasks
pub fn start(cache: Arc<Cache>, a: Receiver<u64>, b: Receiver<u64>) {
    tokio::spawn(consume(cache.clone(), a));
    tokio::spawn(consume(cache, b));
}

pub struct Seen {
    ids: RwLock<Vec<u64>>,
}

fn record(s: &Seen, id: u64) {
    let seen = s.ids.read().contains(&id); //~ rwlock-check-then-write
    if !seen {
        s.ids.write().push(id);
    }
}

// a worker spawned per connection, in a loop
pub fn serve(s: Arc<Seen>, conns: Vec<u64>) {
    for id in conns {
        let s = s.clone();
        tokio::spawn(async move {
            loop {
                record(&s, id);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }
}

pub struct Slot {
    value: RwLock<Option<String>>,
}

impl Slot {
    // the writing method is public: any handler can call it, besides the worker
    pub fn fill(&self, v: String) {
        let empty = self.value.read().is_none(); //~ lazy-init-race
        if empty {
            *self.value.write() = Some(v);
        }
    }
}

pub fn start_filler(s: Arc<Slot>) {
    tokio::spawn(async move {
        loop {
            s.fill("x".into());
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}
