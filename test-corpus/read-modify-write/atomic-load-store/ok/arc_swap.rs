// Near misses of `atomic-load-store` on `ArcSwap` and `AtomicCell`.

use arc_swap::ArcSwap;
use crossbeam::atomic::AtomicCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Config {
    pub level: u8,
    pub names: Vec<String>,
}

pub struct Service {
    config: ArcSwap<Config>,
    writer: Mutex<()>,
    hits: AtomicCell<u64>,
    cache: ArcSwap<HashMap<u32, String>>,
}

impl Service {
    // the update in one step
    pub fn add_name(&self, n: &str) {
        self.config.rcu(|cur| {
            let mut next = (**cur).clone();
            next.names.push(n.to_string());
            next
        });
    }

    // a whole new value, not built from the loaded one
    pub fn reload(&self, level: u8) {
        let old = self.config.load();
        let next = Config { level, names: Vec::new() };
        log(old.level);
        self.config.store(Arc::new(next));
    }

    // writers serialised by a mutex
    pub fn set_level(&self, level: u8) {
        let _w = self.writer.lock().unwrap();
        let mut next = (**self.config.load()).clone();
        next.level = level;
        self.config.store(Arc::new(next));
    }

    // only read
    pub fn level(&self) -> u8 {
        self.config.load().level
    }

    pub fn hit(&self) {
        self.hits.fetch_add(1);
    }

    // the owner alone
    pub fn fill(&mut self, k: u32, v: String) {
        let mut next = (**self.cache.load()).clone();
        next.insert(k, v);
        self.cache.store(Arc::new(next));
    }
}

// `load`/`store` of a type that is no atomic
pub struct Slot {
    value: Vec<u8>,
}

impl Slot {
    pub fn load(&self) -> Vec<u8> {
        self.value.clone()
    }
    pub fn store(&self, v: Vec<u8>) {
        let _ = v;
    }
}

pub fn copy(s: &Slot) {
    let mut v = s.load();
    v.push(1);
    s.store(v);
}

fn log(_: u8) {}

pub fn run(s: Arc<Service>, slot: Arc<Slot>) {
    let (s2, slot2) = (s.clone(), slot.clone());
    std::thread::spawn(move || {
        s2.add_name("a");
        s2.reload(1);
        s2.set_level(2);
        s2.hit();
        copy(&slot2);
    });
    s.add_name("b");
    let _ = s.level();
    copy(&slot);
}

// named as test support: only tests call it
impl Service {
    pub fn set_level_for_testing(&self, level: u8) {
        let mut next = (**self.config.load()).clone();
        next.level = level;
        self.config.store(Arc::new(next));
    }
}
