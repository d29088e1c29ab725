// FP, nym HEAD daed9cd1: common/nym-metrics/src/lib.rs:549 (map-check-then-insert).
// Written from scratch.
//
// A metrics registry keeps an index (`DashMap<name, metric>`) next to a prometheus
// `Registry`. `register_metric` returns early if the index has the name, then registers the
// collector with prometheus and inserts into the index only if that succeeded. racelint
// reports the `contains_key` and the `insert` as a check-then-insert that can overwrite
// another thread's value. `prometheus::Registry::register` takes its own lock and refuses a
// second collector with the same descriptor (`Err(AlreadyReg)`): of two racers only the first
// reaches the insert, so nothing is overwritten.
// What racelint would need: an act guarded by the `Ok` of a call that itself refuses
// duplicates (a registry's `register`, a `HashSet::insert` answer, an INSERT with a unique key)
// re-checks under its own lock; the fast-path `contains_key` only saves work.
use dashmap::DashMap;
use prometheus::{IntCounter, Registry};
use std::sync::Arc;

pub struct Metrics {
    registry: Registry,
    index: DashMap<String, IntCounter>,
}

impl Metrics {
    pub fn register_counter(&self, name: &str) {
        if self.index.contains_key(name) {
            return;
        }
        let counter = IntCounter::new(name, "help").unwrap();
        match self.registry.register(Box::new(counter.clone())) {
            Ok(()) => {
                self.index.insert(name.to_string(), counter);
            }
            Err(err) => eprintln!("failed to register {name}: {err}"),
        }
    }
}

pub fn serve(m: Arc<Metrics>) {
    for _ in 0..4 {
        let m = m.clone();
        std::thread::spawn(move || m.register_counter("packets"));
    }
}
