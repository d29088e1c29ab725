// Probe (written from scratch) for a missed bug in NLnetLabs/krill.
// Fix commit: bb159db1 "Use a write lock for the full duration of updating CaObjects with a
// closure." (parent 8a365171).
//
// What goes wrong: the store of published objects per CA keeps one record per CA in a key-value
// store behind an `RwLock`. `with_ca_objects(ca, op)` loads the record through a helper that
// takes the read lock and returns a copy, runs `op` on the copy (issue a manifest and CRL, add or
// remove objects), and writes the copy back through a second helper that takes the write lock.
// Two actors update the same CA at once: the event listener that reacts to a CA change, and the
// background job that re-issues manifests and CRLs for every CA. Both load the same record, each
// changes its copy, and the second write-back replaces the first: the objects or the new
// manifest number of the first update are lost. The fix takes the write lock once, around load,
// `op` and store.
//
// racelint reports the same read-modify-write when both guards are taken in the function itself
// (`contrast_inline`, reported: map-read-then-insert). Missing fact: a helper that returns a
// value read under its own guard (`objects`) and a helper that writes under its own guard
// (`put_objects`) are the two halves of one split critical section when a caller chains them;
// the guard facts of the helpers should be lifted to the call sites, as they already are for
// double-lock.
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Clone, Default)]
pub struct CaObjects { pub files: Vec<String>, pub manifest_number: u64 }

pub struct CaObjectsStore { store: RwLock<HashMap<String, CaObjects>> }

impl CaObjectsStore {
    pub fn objects(&self, ca: &str) -> CaObjects {
        self.store.read().unwrap().get(ca).cloned().unwrap_or_default()
    }

    pub fn put_objects(&self, ca: &str, objects: CaObjects) {
        self.store.write().unwrap().insert(ca.to_string(), objects);
    }

    pub fn with_objects<F: FnOnce(&mut CaObjects)>(&self, ca: &str, op: F) {
        let mut objects = self.objects(ca);
        op(&mut objects);
        self.put_objects(ca, objects);
    }

    pub fn reissue_manifest(&self, ca: &str) {
        let mut objects = self.objects(ca);
        objects.manifest_number += 1;
        self.put_objects(ca, objects);
    }

    // Contrast: reported (map-read-then-insert).
    pub fn contrast_inline(&self, ca: &str, file: String) {
        let mut objects = self.store.read().unwrap().get(ca).cloned().unwrap_or_default();
        objects.files.push(file);
        self.store.write().unwrap().insert(ca.to_string(), objects);
    }
}

// The event listener (one thread per CA change) and the re-issue job share the store.
pub fn start(store: Arc<CaObjectsStore>) {
    let s = store.clone();
    std::thread::spawn(move || loop {
        s.reissue_manifest("ca1");
        std::thread::sleep(std::time::Duration::from_secs(60));
    });
    for i in 0..4 {
        let s = store.clone();
        std::thread::spawn(move || s.with_objects("ca1", |o| o.files.push(format!("roa-{i}"))));
    }
}
