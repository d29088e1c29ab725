// Positive cases of `split-critical-section`: a value read under one guard is written back
// under a second guard of the same lock.

use std::sync::{Arc, Mutex, RwLock};
use std::thread;

struct Stats {
    count: u64,
    bytes: u64,
}

struct Service {
    stats: Mutex<Stats>,
    hits: RwLock<u64>,
    state: Arc<tokio::sync::Mutex<Stats>>,
}

impl Service {
    // the classic: read, (slow) work, write back under a new guard
    fn record(&self, n: u64) {
        let count = self.stats.lock().unwrap().count; //~ split-critical-section
        log_it(n);
        self.stats.lock().unwrap().count = count + 1;
    }

    // RwLock: read guard, then write guard
    fn hit(&self) {
        let v = *self.hits.read().unwrap(); //~ split-critical-section
        *self.hits.write().unwrap() = v + 1;
    }

    // an async mutex, with an `.await` between the two guards
    async fn bump(&self) {
        let n = self.state.lock().await.bytes; //~ split-critical-section
        flush().await;
        self.state.lock().await.bytes = n + 512;
    }

    // named guards, the first dropped explicitly
    fn rescale(&self, factor: u64) {
        let g = self.stats.lock().unwrap();
        let old = g.bytes; //~ split-critical-section
        drop(g);
        let scaled = scale(old, factor);
        let mut g2 = self.stats.lock().unwrap();
        g2.bytes = scaled;
    }
}

// a blocking lock shared with a spawned thread, across an `.await`
async fn handler(counter: Arc<Mutex<u32>>) {
    let current = *counter.lock().unwrap(); //~ split-critical-section
    tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    *counter.lock().unwrap() = current * 2;
}

fn spawn_workers(total: Arc<Mutex<u64>>) {
    for _ in 0..4 {
        let total = Arc::clone(&total);
        thread::spawn(move || {
            let before = *total.lock().unwrap(); //~ split-critical-section
            let delta = expensive();
            *total.lock().unwrap() = before + delta;
        });
    }
}

fn log_it(_n: u64) {}
async fn flush() {}
fn scale(v: u64, f: u64) -> u64 { v * f }
fn expensive() -> u64 { 1 }

// parking_lot behind a static, reached from a tokio task
static SEQ: std::sync::LazyLock<parking_lot::RwLock<u64>> =
    std::sync::LazyLock::new(|| parking_lot::RwLock::new(0));

pub fn next_id_task() {
    tokio::spawn(async {
        let last = *SEQ.read(); //~ split-critical-section
        let next = last.wrapping_add(1);
        *SEQ.write() = next;
    });
}

// the new value computed in the read's own statement
pub fn advance(cursor: &Arc<Mutex<usize>>, items: &[u8]) {
    let next = *cursor.lock().unwrap() + 1; //~ split-critical-section
    let _ = items.get(next);
    *cursor.lock().unwrap() = next;
}

// A permit that is released before the write does not serialise the window.
pub struct Limited {
    queue: tokio::sync::Semaphore,
    state: Mutex<u64>,
}

impl Limited {
    pub async fn bump(&self) {
        let seen = {
            let _permit = self.queue.acquire().await;
            *self.state.lock().unwrap() //~ split-critical-section
        };
        refresh_later().await;
        *self.state.lock().unwrap() = seen + 1;
    }

    pub async fn bump_dropped(&self) {
        let permit = self.queue.acquire().await;
        let seen = *self.state.lock().unwrap(); //~ split-critical-section
        drop(permit);
        refresh_later().await;
        *self.state.lock().unwrap() = seen + 1;
    }
}

async fn refresh_later() {}

pub struct Quota {
    used: tokio::sync::Mutex<u64>,
}

async fn measure() -> u64 {
    0
}

impl Quota {
    // an awaited answer added to the value read: an update computed from the read (not an
    // answer written as it came), lost when another task adds in between
    pub async fn charge(&self) {
        let used = *self.used.lock().await; //~ split-critical-section
        let delta = measure().await;
        *self.used.lock().await = used + delta;
    }
}

pub struct Best {
    score: tokio::sync::Mutex<u64>,
}

pub struct Probe {
    score: u64,
}

async fn probe(_from: u64) -> Probe {
    Probe { score: 0 }
}

impl Best {
    // an answer merged with the value read (`max(best)`): computed from the read, so an
    // improvement stored by another task in between can be lowered again
    pub async fn improve(&self) {
        let best = *self.score.lock().await; //~ split-critical-section
        let p = probe(best).await;
        *self.score.lock().await = p.score.max(best);
    }
}
