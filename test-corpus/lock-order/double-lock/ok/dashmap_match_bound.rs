//! Near misses: a `match` on a `DashMap` lookup whose arms take a value out (the reference
//! dies with the statement), or whose reference is dropped before the map is touched again.
use dashmap::DashMap;

pub struct Peer {
    pub state: u8,
}

pub struct Torrent {
    pub states: DashMap<u64, Peer>,
}

impl Torrent {
    pub fn state_of(&self, handle: u64) {
        let state = match self.states.get(&handle) {
            Some(p) => p.state,
            None => return,
        };
        if state == 3 {
            self.states.remove(&handle);
        }
    }

    pub fn dropped_first(&self, handle: u64) {
        let pe = match self.states.get_mut(&handle) {
            Some(p) => p,
            None => return,
        };
        let done = pe.state == 3;
        drop(pe);
        if done {
            self.states.remove(&handle);
        }
    }

    pub fn other_key_map(&self, other: &DashMap<u64, u8>, handle: u64) {
        let pe = match self.states.get(&handle) {
            Some(p) => p,
            None => return,
        };
        other.insert(handle, pe.state);
    }
}
