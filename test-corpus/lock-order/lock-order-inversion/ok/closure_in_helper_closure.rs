// Near misses: the helper's closure runs with the map reference gone (copied out first), the
// caller's closure is stored by the helper for later, or takes no other lock.
use dashmap::DashMap;
use parking_lot::{Mutex, RwLock};

pub struct Live {
    pub requests: Vec<u32>,
}

pub struct PeerStates {
    states: DashMap<u64, Live>,
    pending: Mutex<Vec<Box<dyn FnOnce() + Send>>>,
}

impl PeerStates {
    pub fn with_requests<R>(&self, addr: u64, f: impl FnOnce(Vec<u32>) -> R) -> Option<R> {
        let copy = self.states.get(&addr).map(|e| e.requests.clone());
        copy.map(f)
    }

    pub fn with_live_mut<R>(&self, addr: u64, f: impl FnOnce(&mut Live) -> R) -> Option<R> {
        self.states.get_mut(&addr).map(|mut e| f(e.value_mut()))
    }

    pub fn later<F: FnOnce() + Send + 'static>(&self, addr: u64, f: F) {
        if self.states.get(&addr).map(|e| e.requests.is_empty()).unwrap_or(true) {
            self.pending.lock().push(Box::new(f));
        }
    }
}

pub struct TorrentState {
    locked: RwLock<Vec<u32>>,
    peers: PeerStates,
}

impl TorrentState {
    pub fn reserve(&self, peer: u64) -> Option<usize> {
        self.peers.with_requests(peer, |r| {
            let g = self.locked.write();
            g.len() + r.len()
        })
    }

    pub fn drain(&self, peer: u64) -> Option<usize> {
        self.peers.with_live_mut(peer, |live| {
            live.requests.clear();
            live.requests.len()
        })
    }

    pub fn on_received(&self, peer: u64, index: u32) {
        let mut g = self.locked.write();
        self.peers
            .with_live_mut(peer, |h| h.requests.retain(|r| *r != index));
        g.retain(|n| *n != index);
    }
}
