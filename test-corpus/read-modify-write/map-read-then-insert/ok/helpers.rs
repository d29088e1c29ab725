// Near misses of helpers reading and writing a locked map by key.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

#[derive(Clone, Default)]
pub struct Objects {
    pub files: Vec<String>,
    pub number: u64,
}

pub struct Store {
    objects: RwLock<HashMap<String, Objects>>,
}

impl Store {
    fn objects(&self, ca: &str) -> Objects {
        self.objects.read().unwrap().get(ca).cloned().unwrap_or_default()
    }

    fn put_objects(&self, ca: &str, objects: Objects) {
        self.objects.write().unwrap().insert(ca.to_string(), objects);
    }

    fn has(&self, ca: &str) -> bool {
        self.objects.read().unwrap().contains_key(ca)
    }

    // the whole update inside one guard: atomic each time
    fn bump(&self, ca: &str) {
        let mut g = self.objects.write().unwrap();
        let o = g.entry(ca.to_string()).or_default();
        o.number += 1;
    }

    pub fn bump_twice(&self, ca: &str) {
        self.bump(ca);
        self.bump(ca);
    }

    // the value read only logged; the value written does not come from it
    pub fn reset(&self, ca: &str) {
        let old = self.objects(ca);
        log(old.number);
        self.put_objects(ca, Objects::default());
    }

    // another key is written
    pub fn copy(&self, from: &str, to: &str) {
        let mut o = self.objects(from);
        o.number += 1;
        self.put_objects(to, o);
    }

    // written back unchanged: a restore
    pub fn restore(&self, ca: &str) {
        let o = self.objects(ca);
        self.put_objects(ca, o);
    }

    // a check, not the entry's value: `map-check-then-insert`'s shape
    pub fn count_present(&self, ca: &str) -> u64 {
        let present = self.has(ca);
        u64::from(present)
    }

    // one write guard held over the helper read and the insert is a deadlock
    // (`double-lock`'s); the read under the caller's own guard is fine
    pub fn in_one_guard(&self, ca: &str) {
        let mut g = self.objects.write().unwrap();
        let mut o = g.get(ca).cloned().unwrap_or_default();
        o.number += 1;
        g.insert(ca.to_string(), o);
    }

    // `&mut self`: no other thread can run in between
    pub fn reissue_exclusive(&mut self, ca: &str) {
        let mut o = self.objects(ca);
        o.number += 1;
        self.put_objects(ca, o);
    }
}

// a map built here and never shared
pub fn local_only() {
    let m = Mutex::new(HashMap::new());
    let n = count(&m, "a");
    set_count(&m, "a", n + 1);
}

fn count(m: &Mutex<HashMap<String, u64>>, k: &str) -> u64 {
    m.lock().unwrap().get(k).copied().unwrap_or(0)
}

fn set_count(m: &Mutex<HashMap<String, u64>>, k: &str, v: u64) {
    m.lock().unwrap().insert(k.to_string(), v);
}

fn log(_: u64) {}

pub fn start(store: Arc<Store>) {
    for _ in 0..4 {
        let s = store.clone();
        std::thread::spawn(move || {
            s.reset("a");
            s.copy("a", "b");
            s.restore("a");
            s.bump_twice("a");
            s.in_one_guard("a");
        });
    }
}
