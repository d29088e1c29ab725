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
    pub fn readable(&self, token: usize, failed: bool) {
        let session = { self.sessions.read().get(&token).cloned() };
        if let Some(session) = session {
            if failed {
                let s = session.lock();
                if !self.reserved.read().contains(&s.id) {
                    println!("useless peer {}", s.id);
                }
            } else {
                let reserved = self.reserved.read();
                let mut s = session.lock();
                s.connected = reserved.contains(&s.id);
            }
        }
    }
}
