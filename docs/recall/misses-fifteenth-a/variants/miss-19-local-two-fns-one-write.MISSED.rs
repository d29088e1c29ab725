use parking_lot::{Mutex, RwLock};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub struct Session {
    pub id: u32,
    pub connected: bool,
}

pub struct Host {
    sessions: RwLock<HashMap<usize, Arc<Mutex<Session>>>>,
    reserved: RwLock<HashSet<u32>>,
}

impl Host {
    pub fn failed(&self, token: usize) {
        let session = { self.sessions.read().get(&token).cloned() };
        if let Some(session) = session {
            let s = session.lock();
            if !self.reserved.read().contains(&s.id) {
                println!("useless peer {}", s.id);
            }
        }
    }

    pub fn ready(&self, token: usize) {
        let session = { self.sessions.read().get(&token).cloned() };
        if let Some(session) = session {
            let reserved = self.reserved.write();
            let mut s = session.lock();
            s.connected = reserved.contains(&s.id);
        }
    }
}
