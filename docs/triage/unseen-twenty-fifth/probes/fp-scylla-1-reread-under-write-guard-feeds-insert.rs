// FP reproduction (written from scratch) for scylladb/scylla-rust-driver at f01af256,
// scylla/src/policies/load_balancing/default.rs:3019 (map-check-then-insert).
//
// `LatencyAwareness::report_request` looks the node up under a read guard of `node_avgs`
// (a std RwLock<HashMap<Uuid, RwLock<Option<Average>>>>). On a miss it drops the read guard,
// takes the write guard, reads the entry *again* ("we have to read this again, as other threads
// may race with us") and inserts an average computed from that re-read value. A racer that
// inserted in between is not overwritten: its average is folded into the new one. (This code
// is the fix of scylla's #696 deadlock, recall #1 of this session.)
//
// racelint reports map-check-then-insert ("another thread can insert in between, and this
// insert overwrites its value"). Missing fact: a read of the same key under the second guard
// whose result feeds the inserted value is a re-check; the insert is then a merge, not a blind
// overwrite.
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Clone, Copy)]
pub struct Average { value: f64, n: u64 }

impl Average {
    pub fn compute_next(prev: Option<Average>, sample: f64) -> Option<Average> {
        Some(match prev {
            Some(p) => Average { value: (p.value * p.n as f64 + sample) / (p.n + 1) as f64, n: p.n + 1 },
            None => Average { value: sample, n: 1 },
        })
    }
}

pub struct LatencyAwareness {
    node_avgs: Arc<RwLock<HashMap<u64, RwLock<Option<Average>>>>>,
}

impl LatencyAwareness {
    pub fn report_request(&self, node: u64, latency: f64) {
        let node_avgs_guard = self.node_avgs.read().unwrap();
        if let Some(previous_node_avg) = node_avgs_guard.get(&node) {
            let mut node_avg_guard = previous_node_avg.write().unwrap();
            let previous = *node_avg_guard;
            *node_avg_guard = Average::compute_next(previous, latency);
        } else {
            drop(node_avgs_guard);
            let mut node_avgs_guard = self.node_avgs.write().unwrap();
            // Read again: another thread may have inserted meanwhile.
            let previous_node_avg = node_avgs_guard
                .get(&node)
                .and_then(|rwlock| *rwlock.read().unwrap());
            node_avgs_guard.insert(
                node,
                RwLock::new(Average::compute_next(previous_node_avg, latency)),
            );
        }
    }
}

// Every request's completion reports its latency, from many tasks at once.
pub fn serve(la: Arc<LatencyAwareness>) {
    for node in 0..4 {
        let la = la.clone();
        std::thread::spawn(move || la.report_request(node, 1.0));
    }
}
