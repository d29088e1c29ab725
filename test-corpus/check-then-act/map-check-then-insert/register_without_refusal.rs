//! An insert on the `Ok` of a `register` that refuses nothing: prometheus-client's
//! `Registry::register` only appends, and an application's own `register` says nothing about
//! duplicates. Two callers that both miss the index both insert; the second overwrites.
use dashmap::DashMap;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::registry::Registry;
use std::sync::{Arc, Mutex};

pub struct Metrics {
    registry: Mutex<Registry>,
    index: DashMap<String, Counter>,
}

pub struct Catalog {
    names: Vec<String>,
}

impl Catalog {
    pub fn register(&mut self, name: &str) -> Result<(), String> {
        self.names.push(name.to_string());
        Ok(())
    }
}

impl Metrics {
    pub fn counter(&self, name: &str) {
        if self.index.contains_key(name) { //~ map-check-then-insert
            return;
        }
        let c = Counter::default();
        self.registry.lock().unwrap().register(name, "help", c.clone());
        self.index.insert(name.to_string(), c);
    }
}

pub fn add(catalog: &Mutex<Catalog>, index: &DashMap<String, Counter>, name: &str) {
    if !index.contains_key(name) { //~ map-check-then-insert
        match catalog.lock().unwrap().register(name) {
            Ok(()) => {
                index.insert(name.to_string(), Counter::default());
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}

pub fn serve(m: Arc<Metrics>) {
    for _ in 0..4 {
        let m = m.clone();
        std::thread::spawn(move || m.counter("packets"));
    }
}
