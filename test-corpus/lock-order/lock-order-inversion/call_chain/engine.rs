// A cycle through a call chain of depth 3, across files:
// `Engine::tick` holds `queue` and calls `step` -> `Scheduler::run_one` -> `Metrics::record`,
// which takes `Metrics.counters`; `Engine::snapshot` takes `counters` then `queue`.
use std::sync::{Arc, Mutex};

use crate::metrics::Metrics;
use crate::scheduler::Scheduler;

pub struct Engine {
    queue: Mutex<Vec<u32>>,
    sched: Scheduler,
    metrics: Arc<Metrics>,
}

impl Engine {
    pub fn tick(&self) {
        let q = self.queue.lock().unwrap();
        if let Some(job) = q.first() {
            step(&self.sched, *job);
        }
    }

    pub fn snapshot(&self) -> usize {
        let counters = self.metrics.counters.lock().unwrap();
        let q = self.queue.lock().unwrap(); //~ lock-order-inversion
        counters.len() + q.len()
    }
}

fn step(sched: &Scheduler, job: u32) {
    sched.run_one(job);
}
