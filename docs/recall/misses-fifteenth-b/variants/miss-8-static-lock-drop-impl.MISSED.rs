// #8 variant: one static lock, no singleton accessor; the Drop impl write-locks it and an
// upgraded Arc is dropped implicitly at the end of the `if let` under the read guard
use std::collections::HashMap;
use std::sync::{Arc, Weak};

use once_cell::sync::Lazy;
use parking_lot::RwLock;

static ACTIVE: Lazy<RwLock<HashMap<String, Weak<Session>>>> = Lazy::new(|| RwLock::new(HashMap::new()));

pub struct Session {
    id: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        ACTIVE.write().remove(&self.id);
    }
}

pub fn ids() -> Vec<String> {
    let sessions = ACTIVE.read();
    let mut out = Vec::new();
    for weak in sessions.values() {
        if let Some(s) = weak.upgrade() {
            out.push(s.id.clone());
        }
    }
    out
}
