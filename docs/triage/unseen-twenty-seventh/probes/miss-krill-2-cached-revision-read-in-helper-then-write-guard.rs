// Probe (written from scratch) for a missed bug in NLnetLabs/krill.
// Fix commit: 4fe2c08a "Use handle locks in WalStore. (fixes #974)" (parent 06e4c6ed).
//
// What goes wrong: the write-ahead-log store keeps the latest instance of each entity in a cache
// (`RwLock<HashMap<Handle, Arc<T>>>`). `send_command` gets the latest instance through
// `get_latest` (a helper that reads the cache under a read guard and returns an `Arc` clone),
// computes the change set from its revision, and only then takes the cache's write guard to
// store the change set under the key `wal-<revision>` (a store that refuses an existing key)
// and to put the new instance in the cache. Two publishers publishing to the repository at once
// both read revision r; the first stores `wal-r` and caches r+1, the second's `store_new` of
// `wal-r` fails, and that publisher gets an error for a valid publication (or, with a store that
// overwrites, the first publication is lost). The fix takes a per-handle write lock around the
// whole command.
//
// racelint reports the same sequence when the cache read is written in the function itself
// (`contrast_inline_read`, reported: map-read-then-insert). Missing fact: a value read under a
// guard inside a callee that returns it (`get_latest`) is a read of that lock at the call site;
// a write under a second guard of the same lock that depends on it is a split critical section.
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

#[derive(Clone, Default)]
pub struct Repo { pub revision: u64, pub objects: Vec<String> }

pub struct WalStore {
    cache: RwLock<HashMap<String, Arc<Repo>>>,
    wal: RwLock<HashMap<String, Vec<String>>>,
}

impl WalStore {
    pub fn get_latest(&self, handle: &str) -> Arc<Repo> {
        self.cache.read().unwrap().get(handle).cloned().unwrap_or_default()
    }

    fn store_new(&self, key: String, changes: Vec<String>) -> Result<(), String> {
        let mut wal = self.wal.write().unwrap();
        if wal.contains_key(&key) {
            return Err(format!("{key} exists"));
        }
        wal.insert(key, changes);
        Ok(())
    }

    pub fn send_command(&self, handle: &str, publish: Vec<String>) -> Result<(), String> {
        let latest = self.get_latest(handle);
        let revision = latest.revision;
        let mut cache = self.cache.write().unwrap();
        self.store_new(format!("{handle}/wal-{revision}"), publish.clone())?;
        let mut next = (*latest).clone();
        next.revision = revision + 1;
        next.objects.extend(publish);
        cache.insert(handle.to_string(), Arc::new(next));
        Ok(())
    }

    // Contrast: reported (map-read-then-insert).
    pub fn contrast_inline_read(&self, handle: &str, publish: Vec<String>) -> Result<(), String> {
        let latest = self.cache.read().unwrap().get(handle).cloned().unwrap_or_default();
        let revision = latest.revision;
        let mut cache = self.cache.write().unwrap();
        let mut next = (*latest).clone();
        next.revision = revision + 1;
        next.objects.extend(publish);
        cache.insert(handle.to_string(), Arc::new(next));
        Ok(())
    }
}

// Each RFC 8181 publication request is handled on its own thread.
pub fn serve(store: Arc<WalStore>) {
    for i in 0..4 {
        let s = store.clone();
        std::thread::spawn(move || s.send_command("repo", vec![format!("obj-{i}")]));
    }
}
