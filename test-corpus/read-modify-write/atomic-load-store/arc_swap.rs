// `atomic-load-store` on atomics whose operations take no ordering: arc-swap's `ArcSwap`
// (a copy of the loaded value changed and stored back; the fix is `rcu`) and crossbeam's
// `AtomicCell` (the fix is its `fetch_*`).

use arc_swap::{ArcSwap, ArcSwapOption};
use crossbeam::atomic::AtomicCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

#[derive(Clone, Default)]
pub struct Backend {
    pub healthy: bool,
    pub enabled: bool,
    pub failures: usize,
}

pub struct Health(ArcSwap<Backend>);

impl Health {
    // an operator drains the backend while the health check below copies the old record
    pub fn set_enabled(&self, enabled: bool) {
        let cur = self.0.load();
        let mut next = (**cur).clone();
        next.enabled = enabled;
        self.0.store(Arc::new(next)); //~ atomic-load-store
    }

    pub fn observe(&self, healthy: bool) {
        let cur = self.0.load();
        if cur.healthy != healthy {
            let mut next = (**cur).clone();
            next.failures += 1;
            self.0.store(Arc::new(next)); //~ atomic-load-store
        }
    }
}

pub struct Routes {
    table: Arc<ArcSwap<HashMap<String, u16>>>,
    last: ArcSwapOption<String>,
}

impl Routes {
    pub fn add(&self, name: String, port: u16) {
        let mut table = self.table.load_full().as_ref().clone();
        table.insert(name, port);
        self.table.store(Arc::new(table)); //~ atomic-load-store
    }

    pub fn remember(&self, name: &str) {
        let prev = self.last.load_full();
        let joined = match prev {
            Some(p) => format!("{p},{name}"),
            None => name.to_string(),
        };
        self.last.store(Some(Arc::new(joined))); //~ atomic-load-store
    }
}

static SETTINGS: LazyLock<ArcSwap<Vec<String>>> = LazyLock::new(Default::default);

pub fn add_setting(s: &str) {
    let mut all = (*SETTINGS.load_full()).clone();
    all.push(s.to_string());
    SETTINGS.store(Arc::new(all)); //~ atomic-load-store
}

pub fn bump_all(cells: &[AtomicCell<u64>]) {
    for c in cells {
        let v = c.load();
        c.store(v + 1); //~ atomic-load-store
    }
}

pub fn run(h: Arc<Health>, r: Arc<Routes>, cells: Arc<Vec<AtomicCell<u64>>>) {
    let (h2, r2, c2) = (h.clone(), r.clone(), cells.clone());
    std::thread::spawn(move || {
        h2.observe(false);
        r2.add("a".into(), 1);
        r2.remember("a");
        add_setting("x");
        bump_all(&c2);
    });
    h.set_enabled(false);
    r.add("b".into(), 2);
    r.remember("b");
    add_setting("y");
    bump_all(&cells);
}
