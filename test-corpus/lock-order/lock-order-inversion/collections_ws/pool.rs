// `Pool::grow` (pool.rs) holds an element of `workers` and takes `stats`; `Pool::report`
// (stats.rs) holds `stats` and takes the element through a helper.
use std::sync::Mutex;

pub struct Pool {
    pub workers: Vec<Mutex<Worker>>,
    pub stats: Mutex<u64>,
}

pub struct Worker {
    pub jobs: u64,
}

impl Pool {
    pub fn grow(&self, w: usize) {
        let worker = self.workers.get(w).unwrap().lock().unwrap();
        *self.stats.lock().unwrap() += worker.jobs; //~ lock-order-inversion
    }
}
