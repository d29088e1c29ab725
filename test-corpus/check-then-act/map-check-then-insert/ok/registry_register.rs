//! Near misses of `map-check-then-insert`: the insert runs only on the `Ok` of prometheus'
//! `Registry::register`, which refuses a second collector with the same descriptors under the
//! registry's own lock (`Err(AlreadyReg)`). Two callers that both miss the index both try to
//! register; only the first gets `Ok` and inserts. The `contains_key` is a fast path.
use dashmap::DashMap;
use prometheus::{IntCounter, IntGauge, Registry};
use std::sync::Arc;

pub struct Metrics {
    registry: Registry,
    index: DashMap<String, IntCounter>,
    gauges: DashMap<String, IntGauge>,
}

impl Metrics {
    /// `match` on the registration.
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

    /// `if .. .is_ok()`.
    pub fn register_gauge(&self, name: &str) {
        if !self.gauges.contains_key(name) {
            let gauge = IntGauge::new(name, "help").unwrap();
            if self.registry.register(Box::new(gauge.clone())).is_ok() {
                self.gauges.insert(name.to_string(), gauge);
            }
        }
    }
}

/// The registry shared by reference; `if let Ok(_)`.
pub fn ensure(registry: &Registry, index: &DashMap<String, IntCounter>, name: &str) {
    if index.get(name).is_none() {
        let c = IntCounter::new(name, "help").unwrap();
        if let Ok(()) = registry.register(Box::new(c.clone())) {
            index.insert(name.to_string(), c);
        }
    }
}

/// The default registry's `prometheus::register`.
pub fn ensure_default(index: &DashMap<String, IntCounter>, name: &str) {
    if !index.contains_key(name) {
        let c = IntCounter::new(name, "help").unwrap();
        if prometheus::register(Box::new(c.clone())).is_ok() {
            index.insert(name.to_string(), c);
        }
    }
}

pub fn serve(m: Arc<Metrics>) {
    for _ in 0..4 {
        let m = m.clone();
        std::thread::spawn(move || {
            m.register_counter("packets");
            m.register_gauge("peers");
        });
    }
}
