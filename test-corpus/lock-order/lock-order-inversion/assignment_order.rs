// The right operand of an assignment is evaluated before the place it is assigned to: a lock
// taken in the place (`s.write().n = ..`, `*a.lock() += ..`) is taken while the right
// operand's temporary guards are held (grin's stratum server: `num_workers` updated from the
// worker list).
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;

pub struct Stats {
    pub num_workers: usize,
    pub total: u64,
}

pub struct Workers {
    list: RwLock<HashMap<usize, String>>,
    stats: RwLock<Stats>,
}

impl Workers {
    pub fn add(&self, id: usize) {
        let mut stats = self.stats.write();
        let mut list = self.list.write(); //~ lock-order-inversion
        list.insert(id, String::new());
        stats.num_workers = list.len();
    }

    pub fn remove(&self, id: usize) {
        self.list.write().remove(&id);
        self.stats.write().num_workers -= self.list.read().len();
    }
}

pub struct Counters {
    hits: Mutex<u64>,
    misses: Mutex<u64>,
}

impl Counters {
    pub fn fold_misses(&self) {
        let hits = self.hits.lock();
        let misses = self.misses.lock(); //~ lock-order-inversion
        drop((hits, misses));
    }

    pub fn fold_hits(&self) {
        *self.hits.lock() += *self.misses.lock();
    }
}

pub struct Ledger {
    balance: Mutex<i64>,
}

impl Ledger {
    pub fn double(&self) {
        *self.balance.lock() *= *self.balance.lock(); //~ double-lock
    }
}
