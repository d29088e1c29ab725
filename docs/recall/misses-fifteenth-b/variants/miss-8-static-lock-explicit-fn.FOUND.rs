// #8 variant: one static lock; the loop calls a free fn that write-locks it (no Drop involved)
use std::collections::HashMap;
use std::sync::{Arc, Weak};

use once_cell::sync::Lazy;
use parking_lot::RwLock;

static ACTIVE: Lazy<RwLock<HashMap<String, Weak<Session>>>> = Lazy::new(|| RwLock::new(HashMap::new()));

pub struct Session {
    id: String,
}

fn forget(id: &str) {
    ACTIVE.write().remove(id);
}

pub fn ids() -> Vec<String> {
    let sessions = ACTIVE.read();
    let mut out = Vec::new();
    for weak in sessions.values() {
        if let Some(s) = weak.upgrade() {
            out.push(s.id.clone());
            forget(&s.id);
        }
    }
    out
}
