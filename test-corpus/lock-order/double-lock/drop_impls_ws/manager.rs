use std::collections::HashMap;
use std::sync::{Mutex, Weak};

use crate::session::Session;

pub static MANAGER: Mutex<HashMap<u64, Weak<Session>>> = Mutex::new(HashMap::new());

pub fn live() -> usize {
    let mgr = MANAGER.lock().unwrap();
    let mut n = 0;
    for weak in mgr.values() {
        let Some(s) = weak.upgrade() else { continue };
        n += s.id as usize;
    } //~ double-lock
    n
}
