// A value read by a helper under its own guard (released when the helper returns) and written
// back by a second helper, or by a guard taken in place: the two guards leave a gap.
use std::sync::{Arc, Mutex, RwLock};

pub struct Account {
    balance: Mutex<u64>,
    limits: RwLock<u64>,
}

impl Account {
    fn balance(&self) -> u64 {
        *self.balance.lock().unwrap()
    }

    fn set_balance(&self, v: u64) {
        *self.balance.lock().unwrap() = v;
    }

    fn limit(&self) -> u64 {
        *self.limits.read().unwrap()
    }

    fn set_limit(&self, v: u64) {
        *self.limits.write().unwrap() = v
    }

    pub fn withdraw(&self, x: u64) {
        let b = self.balance(); //~ split-critical-section
        self.set_balance(b - x);
    }

    pub fn deposit(&self, x: u64) {
        self.set_balance(self.balance() + x); //~ split-critical-section
    }

    pub fn raise(&self) {
        let old = self.limit(); //~ split-critical-section
        let new = old * 2;
        self.set_limit(new);
    }

    // the read is a guard taken here, the write a helper's
    pub fn halve(&self) {
        let b = *self.balance.lock().unwrap(); //~ split-critical-section
        self.set_balance(b / 2);
    }

    // the read a helper's, the write a guard taken here
    pub fn double(&self) {
        let b = self.balance(); //~ split-critical-section
        *self.balance.lock().unwrap() = b * 2;
    }
}

// free functions taking the lock
fn get(m: &Mutex<u64>) -> u64 {
    *m.lock().unwrap()
}

fn put(m: &Mutex<u64>, v: u64) {
    *m.lock().unwrap() = v;
}

pub fn bump(counter: Arc<Mutex<u64>>) {
    let n = get(&counter); //~ split-critical-section
    put(&counter, n + 1);
}

// an async lock, with an `.await` between the helper calls
pub struct Session {
    seq: tokio::sync::Mutex<u64>,
}

impl Session {
    async fn seq(&self) -> u64 {
        *self.seq.lock().await
    }

    async fn set_seq(&self, v: u64) {
        *self.seq.lock().await = v;
    }

    pub async fn next(&self) {
        let s = self.seq().await; //~ split-critical-section
        flush().await;
        self.set_seq(s + 1).await;
    }
}

async fn flush() {}

// parking_lot, a getter on a field of a shared struct reached through a local
pub struct Stats {
    hits: parking_lot::Mutex<u64>,
}

impl Stats {
    fn hits(&self) -> u64 {
        *self.hits.lock()
    }
    fn set_hits(&self, v: u64) {
        *self.hits.lock() = v;
    }
}

pub fn record(stats: &Stats) {
    let h = stats.hits(); //~ split-critical-section
    stats.set_hits(h + 1);
}

// a getter's value written back through a guard-returning helper
pub struct Registry {
    count: std::sync::Mutex<u64>,
}

impl Registry {
    fn count(&self) -> std::sync::MutexGuard<'_, u64> {
        self.count.lock().unwrap()
    }

    fn current(&self) -> u64 {
        *self.count.lock().unwrap()
    }

    pub fn bump(&self) {
        let v = self.current(); //~ split-critical-section
        *self.count() = v + 1;
    }
}
