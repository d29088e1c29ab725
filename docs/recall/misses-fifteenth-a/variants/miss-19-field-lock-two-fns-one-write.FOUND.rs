use parking_lot::{Mutex, RwLock};
use std::collections::HashSet;

pub struct Session {
    pub id: u32,
    pub connected: bool,
}

pub struct Host {
    session: Mutex<Session>,
    reserved: RwLock<HashSet<u32>>,
}

impl Host {
    pub fn failed(&self) {
        let s = self.session.lock();
        if !self.reserved.read().contains(&s.id) {
            println!("useless peer {}", s.id);
        }
    }

    pub fn ready(&self) {
        let reserved = self.reserved.write();
        let mut s = self.session.lock();
        s.connected = reserved.contains(&s.id);
    }
}
