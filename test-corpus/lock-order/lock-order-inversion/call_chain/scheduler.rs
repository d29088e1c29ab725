use std::sync::Arc;

use crate::metrics::Metrics;

pub struct Scheduler {
    metrics: Arc<Metrics>,
}

impl Scheduler {
    pub fn run_one(&self, job: u32) {
        self.metrics.record(job);
    }
}
