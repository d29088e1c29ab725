// A fill done as its own statement becomes the re-check: `get_or_insert` / `get_or_init`
// keep the value another thread stored first, and a value the code goes on using is taken
// from the store (std only: the fix harness compiles the fixed file).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

pub struct Session {
    id: Mutex<Option<u64>>,
}

// a new id each call: two racers hand out two different ids for one session
fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

impl Session {
    pub fn id(&self) -> u64 {
        if let Some(s) = *self.id.lock().unwrap() { //~ lazy-init-race
            return s;
        }
        let ret = next_id();
        *self.id.lock().unwrap() = Some(ret);
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
