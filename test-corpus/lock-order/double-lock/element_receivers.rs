// A method called on an element of a locked collection (taken through the guard) that locks
// the same collection again: the element's type is known through the guard's target.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

pub static SESSIONS: RwLock<Vec<Session>> = RwLock::new(Vec::new());

fn count_sessions() -> usize {
    SESSIONS.read().unwrap().len() //~ lock-order-inversion
}

pub struct Options;

impl Options {
    pub fn flip(&mut self) {
        let _n = count_sessions();
    }
}

pub struct Session {
    options: RwLock<Options>,
}

impl Session {
    pub fn toggle(&self) {
        self.options.write().unwrap().flip();
    }
}

pub fn toggle_session(i: usize) {
    if let Some(s) = SESSIONS.write().unwrap().get_mut(i) {
        s.toggle(); //~ double-lock
    }
}

pub fn toggle_first() {
    let sessions = SESSIONS.write().unwrap();
    sessions[0].toggle(); //~ double-lock
}

pub struct Registry {
    inner: Mutex<Tables>,
}

pub struct Tables {
    workers: Vec<Worker>,
    names: HashMap<u32, String>,
}

pub struct Worker {
    id: u32,
}

impl Worker {
    pub fn describe(&self, reg: &Registry) -> String {
        reg.inner.lock().unwrap().names.get(&self.id).cloned().unwrap_or_default()
    }
}

impl Registry {
    pub fn describe_all(&self) -> Vec<String> {
        let tables = self.inner.lock().unwrap();
        let mut out = Vec::new();
        for i in 0..tables.workers.len() {
            out.push(tables.workers[i].describe(self)); //~ double-lock
        }
        out
    }
}
