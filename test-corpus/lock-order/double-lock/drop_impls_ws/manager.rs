use std::collections::BTreeMap;
use std::sync::{Mutex, Weak};

use crate::session::Session;

pub static MANAGER: Mutex<BTreeMap<u64, Weak<Session>>> = Mutex::new(BTreeMap::new());

pub fn live() -> usize {
    let mgr = MANAGER.lock().unwrap();
    let mut n = 0;
    for weak in mgr.values() {
        let Some(s) = weak.upgrade() else { continue };
        n += s.id as usize;
    } //~ double-lock
    n
}
