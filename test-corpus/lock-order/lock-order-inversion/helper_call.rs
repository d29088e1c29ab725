// The second lock is taken inside a helper method called while the first is held,
// and through a guard-returning wrapper method.
use std::sync::{Mutex, MutexGuard};

pub struct Cache {
    entries: Mutex<Vec<u64>>,
    stats: Mutex<Stats>,
}

#[derive(Default)]
pub struct Stats {
    hits: u64,
}

impl Cache {
    fn stats(&self) -> MutexGuard<'_, Stats> {
        self.stats.lock().unwrap()
    }

    fn bump(&self) {
        self.stats().hits += 1;
    }

    pub fn get(&self, k: u64) -> bool {
        let entries = self.entries.lock().unwrap();
        let hit = entries.contains(&k);
        self.bump();
        hit
    }

    pub fn reset(&self) {
        let mut stats = self.stats.lock().unwrap();
        stats.hits = 0;
        self.entries.lock().unwrap().clear(); //~ lock-order-inversion
    }
}
