// A fill done as its own statement becomes the re-check: `get_or_insert` / `get_or_init`
// keep the value another thread stored first, and a value the code goes on using is taken
// from the store (std only: the fix harness compiles the fixed file).

use std::sync::{Mutex, OnceLock};

pub struct Fingerprint {
    memoized_hash: Mutex<Option<u64>>,
    name: String,
}

fn hash_of(s: &str) -> u64 {
    s.len() as u64
}

impl Fingerprint {
    pub fn hash_u64(&self) -> u64 {
        if let Some(s) = *self.memoized_hash.lock().unwrap() { //~ lazy-init-race
            return s;
        }
        let ret = hash_of(&self.name);
        *self.memoized_hash.lock().unwrap() = Some(ret);
        ret
    }
}

static POOL: OnceLock<Vec<u8>> = OnceLock::new();

pub fn pool() -> Vec<u8> {
    if let Some(p) = POOL.get() { //~ lazy-init-race
        return p.clone();
    }
    let p = vec![0u8; 16];
    let _ = POOL.set(p.clone());
    p
}
