// Get-then-insert pairs that cannot interleave.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Kv {
    tree: sled::Tree,
    lock: Mutex<()>,
}

impl Kv {
    pub fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.tree.get(key).ok().flatten().map(|v| v.to_vec())
    }

    pub fn insert(&self, key: &[u8], value: &[u8]) {
        let _ = self.tree.insert(key, value);
    }

    // one lock held across the read and the write
    pub fn increment(&self, key: &[u8]) -> u64 {
        let _g = self.lock.lock().unwrap();
        let n = self.get(key).map_or(0, |b| b[0] as u64);
        self.insert(key, &[(n + 1) as u8]);
        n + 1
    }
}

// `insert` takes `&mut self`: whoever calls it holds the only reference
pub struct Local {
    map: HashMap<Vec<u8>, u64>,
}

impl Local {
    pub fn get(&self, key: &[u8]) -> Option<u64> {
        self.map.get(key).copied()
    }

    pub fn insert(&mut self, key: &[u8], v: u64) {
        self.map.insert(key.to_vec(), v);
    }
}

pub fn bump(local: &mut Local, key: &[u8]) {
    let n = local.get(key).unwrap_or(0);
    local.insert(key, n + 1);
}

// the value read is written back unchanged (a copy to another key is no update of it)
pub fn copy(kv: &Kv, from: &[u8], to: &[u8]) {
    let v = kv.get(from);
    if let Some(v) = v {
        kv.insert(to, &v);
    }
}
