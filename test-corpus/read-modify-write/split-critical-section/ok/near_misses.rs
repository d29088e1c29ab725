// Near misses of `split-critical-section`: correct code that looks like the bug.

use std::sync::{Arc, Mutex, RwLock};

struct Stats {
    count: u64,
    bytes: u64,
}

struct Service {
    stats: Mutex<Stats>,
    hits: RwLock<u64>,
    state: tokio::sync::Mutex<Stats>,
    other: Mutex<Stats>,
}

impl Service {
    // one guard for the whole update
    fn record(&self) {
        let mut g = self.stats.lock().unwrap();
        let count = g.count;
        log_it(count);
        g.count = count + 1;
    }

    // one async guard held across the `.await`
    async fn bump(&self) {
        let mut g = self.state.lock().await;
        let n = g.bytes;
        flush().await;
        g.bytes = n + 512;
    }

    // read from one lock, written to a different lock
    fn copy_over(&self) {
        let n = self.stats.lock().unwrap().count;
        self.other.lock().unwrap().count = n;
    }

    // read one field, write another
    fn derive(&self) {
        let c = self.stats.lock().unwrap().count;
        self.stats.lock().unwrap().bytes = c * 8;
    }

    // the value read does not flow into the write
    fn report_and_reset(&self) {
        let v = *self.hits.read().unwrap();
        log_it(v);
        *self.hits.write().unwrap() = 0;
    }

    // exclusive access: `&mut self`
    fn reset(&mut self) {
        let n = self.stats.lock().unwrap().count;
        self.stats.lock().unwrap().count = n + 1;
    }

    // optimistic: the write re-checks the value under the second guard
    fn optimistic(&self) {
        let seen = self.stats.lock().unwrap().count;
        let next = seen + expensive();
        let mut g = self.stats.lock().unwrap();
        if g.count == seen {
            g.count = next;
        }
    }

    // a compound assignment under one guard is already atomic
    fn inc(&self) {
        self.stats.lock().unwrap().count += 1;
    }
}

// the value read is put back unchanged (a restore, not an update computed from it)
fn restore(m: &Mutex<u64>) {
    let saved = *m.lock().unwrap();
    *m.lock().unwrap() = 0;
    expensive();
    *m.lock().unwrap() = saved;
}

// a local lock nobody else can see
fn local_only() -> u64 {
    let m = Mutex::new(0u64);
    let n = *m.lock().unwrap();
    *m.lock().unwrap() = n + 1;
    let v = *m.lock().unwrap();
    v
}

// two different locks of the same type
fn two_locks(a: Arc<Mutex<u64>>, b: Arc<Mutex<u64>>) {
    let n = *a.lock().unwrap();
    *b.lock().unwrap() = n + 1;
}

fn log_it(_n: u64) {}
async fn flush() {}
fn expensive() -> u64 { 1 }

// parking_lot: an upgradable read upgraded in place is one critical section
pub fn next_id(seq: &parking_lot::RwLock<u64>) -> u64 {
    let g = seq.upgradable_read();
    let last = *g;
    let mut w = parking_lot::RwLockUpgradableReadGuard::upgrade(g);
    *w = last + 1;
    *w
}

// Two writes through the guard, one in a diverging arm of a `let` initialiser: nothing is
// read, so nothing is written back.
pub struct LinterContainer {
    cb: Option<Arc<dyn Fn(String) -> Option<u32> + Send + Sync>>,
    error: Option<Arc<parking_lot::Mutex<Option<String>>>>,
}

impl LinterContainer {
    pub fn new(enabled: bool) -> Self {
        let mut s = Self {
            cb: None,
            error: None,
        };
        if enabled {
            s.error = Some(Arc::new(parking_lot::Mutex::new(None)));
            let error_ = s.error.clone();
            let cb = Arc::new(move |source: String| {
                let path = match source.parse::<u32>() {
                    Ok(path) => path,
                    Err(err) => {
                        *error_.as_ref().unwrap().lock() = Some(err.to_string());
                        return None;
                    }
                };
                let r = run(path);
                match r {
                    Ok(d) => Some(d),
                    Err(err) => {
                        *error_.as_ref().unwrap().lock() = Some(err);
                        None
                    }
                }
            });
            s.cb = Some(cb);
        }
        s
    }
}

fn run(v: u32) -> Result<u32, String> {
    Ok(v)
}
