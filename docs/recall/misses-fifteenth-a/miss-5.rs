use parking_lot::RwLock;
use std::collections::HashMap;

pub struct PeerDb {
    status: HashMap<u32, u8>,
}

impl PeerDb {
    pub fn update_sync_status(&mut self, peer: u32, s: u8) -> Option<bool> {
        self.status.insert(peer, s).map(|old| old != s)
    }
    pub fn is_connected(&self, peer: u32) -> bool {
        self.status.contains_key(&peer)
    }
}

pub struct Globals {
    pub peers: RwLock<PeerDb>,
}

pub fn on_status(g: &Globals, peer: u32, s: u8) {
    if let Some(updated) = g.peers.write().update_sync_status(peer, s) {
        let connected = g.peers.read().is_connected(peer);
        println!("{updated} {connected}");
    }
}
