// A method called on a temporary guard's target (`self.lc.write().unwrap().toggle()`) is
// followed like any other call: here it reads SESSIONS, which the caller already holds.
use std::sync::RwLock;

pub static SESSIONS: RwLock<Vec<u32>> = RwLock::new(Vec::new());

pub struct Config {
    v: u32,
}

impl Config {
    pub fn toggle(&mut self) {
        let _n = SESSIONS.read().unwrap().len();
        self.v += 1;
    }
}

pub struct Session {
    lc: RwLock<Config>,
}

impl Session {
    pub fn close_all(&self) {
        let _all = SESSIONS.write().unwrap();
        self.lc.write().unwrap().toggle(); //~ double-lock
    }
}
