// Methods called on elements of a locked collection that take no lock of it, or another lock.
use std::sync::{Mutex, RwLock};

pub static SESSIONS: RwLock<Vec<Session>> = RwLock::new(Vec::new());
static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub struct Session {
    name: String,
    hits: u64,
}

impl Session {
    pub fn touch(&mut self) {
        self.hits += 1;
        LOG.lock().unwrap().push(self.name.clone());
    }
    pub fn name(&self) -> &str {
        &self.name
    }
}

pub fn touch_session(i: usize) {
    if let Some(s) = SESSIONS.write().unwrap().get_mut(i) {
        s.touch();
    }
}

pub fn first_name() -> String {
    let sessions = SESSIONS.read().unwrap();
    sessions[0].name().to_string()
}
