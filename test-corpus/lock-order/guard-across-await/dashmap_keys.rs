// Iterating a DashMap with an `.await` in the loop body holds each shard's read lock across
// the suspension: a writer of that shard blocks its thread. When the body reads only the key
// (`r.key()`), the keys are cloned out first, whatever the values are.
use dashmap::DashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub struct Devices {
    states: Arc<DashMap<String, Arc<AtomicBool>>>,
    counts: DashMap<u32, u64>,
}

impl Devices {
    pub async fn stop_all(&self) {
        for pair in self.states.iter() { //~ guard-across-await
            let device = pair.key();
            stop(device).await;
        }
        self.states.clear();
    }

    pub async fn flush(&self) {
        for entry in self.counts.iter() { //~ guard-across-await
            report(*entry.key()).await;
        }
    }

    pub fn add(&self, k: u32) {
        self.counts.insert(k, 0);
    }
}

async fn stop(_d: &str) {}
async fn report(_k: u32) {}
