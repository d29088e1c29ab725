// Locks reached through an accessor returning a reference to the struct holding them
// (`self.state().inflight`, `self.state().peers`) are that struct's fields: the two orders
// below invert (ckb's `get_peers` / `BlockFetcher::fetch`).
use parking_lot::RwLock;

pub struct SyncState {
    pub peers: RwLock<Vec<u32>>,
    pub inflight: RwLock<Vec<u32>>,
}

pub struct Synchronizer {
    state: SyncState,
}

impl Synchronizer {
    pub fn state(&self) -> &SyncState {
        &self.state
    }

    pub fn get_peers(&self) -> usize {
        let peers = self.state().peers.read();
        let inflight = self.state().inflight.read(); //~ lock-order-inversion
        peers.len() + inflight.len()
    }

    pub fn fetch(&self, p: u32) {
        let mut inflight = self.state().inflight.write();
        self.state.peers.write().push(p);
        inflight.push(p);
    }
}
