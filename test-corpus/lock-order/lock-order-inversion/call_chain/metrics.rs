use std::collections::HashMap;
use std::sync::Mutex;

pub struct Metrics {
    pub counters: Mutex<HashMap<u32, u64>>,
}

impl Metrics {
    pub fn record(&self, job: u32) {
        *self.counters.lock().unwrap().entry(job).or_insert(0) += 1;
    }
}
