//! A `DashMap` reference bound through a `match` whose other arms leave (`None => return`)
//! holds its shard for the rest of the block, as `let Some(r) = .. else { return }` does:
//! touching the same key again (directly or in a helper) waits for the shard this thread holds.
use dashmap::DashMap;
use std::sync::Arc;

pub struct Peer {
    pub state: u8,
}

pub struct Peers {
    pub states: DashMap<u64, Peer>,
}

impl Peers {
    pub fn drop_peer(&self, handle: u64) -> Option<Peer> {
        self.states.remove(&handle).map(|(_, p)| p)
    }
}

pub struct Torrent {
    pub peers: Peers,
    pub names: DashMap<u64, String>,
}

impl Torrent {
    /// The `Some` arm first, the removal in a helper of the map's owner.
    pub fn on_peer_died(self: &Arc<Self>, handle: u64) {
        let mut pe = match self.peers.states.get_mut(&handle) {
            Some(peer) => peer,
            None => return,
        };
        if pe.state == 3 {
            self.peers.drop_peer(handle); //~ double-lock
            return;
        }
        pe.state = 4;
    }

    /// The `None` arm first, a block arm that leaves, the same map touched directly.
    pub fn rename(&self, handle: u64, name: &str) {
        let current = match self.names.get(&handle) {
            None => {
                return;
            }
            Some(n) => n,
        };
        if current.as_str() != name {
            self.names.insert(handle, name.to_string()); //~ double-lock
        }
    }
}

/// A free function with the map passed in.
pub fn bump(states: &DashMap<u64, Peer>, handle: u64) {
    let pe = match states.get(&handle) {
        Some(p) => p,
        None => panic!("no peer {handle}"),
    };
    if pe.state == 0 {
        states.remove(&handle); //~ double-lock
    }
}
