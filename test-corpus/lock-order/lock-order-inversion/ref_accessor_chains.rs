// ckb's get_peers / fetch inversion: every lock is reached through reference accessors
// (`self.shared.state().peers().state`), and one side's guard comes from a guard-returning
// method on an accessor (`self.shared.state().write_inflight()`).
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub struct Peers {
    pub state: RwLock<Vec<u64>>,
}

impl Peers {
    pub fn set_last_common(&self, n: u64) {
        self.state.write().unwrap().push(n); //~ lock-order-inversion
    }
}

pub struct SyncState {
    peers: Peers,
    inflight: RwLock<Vec<u32>>,
}

impl SyncState {
    pub fn peers(&self) -> &Peers {
        &self.peers
    }
    pub fn read_inflight(&self) -> RwLockReadGuard<'_, Vec<u32>> {
        self.inflight.read().unwrap()
    }
    pub fn write_inflight(&self) -> RwLockWriteGuard<'_, Vec<u32>> {
        self.inflight.write().unwrap()
    }
}

pub struct SyncShared {
    state: SyncState,
}

impl SyncShared {
    pub fn state(&self) -> &SyncState {
        &self.state
    }
}

pub struct Fetcher {
    shared: Arc<SyncShared>,
}

impl Fetcher {
    pub fn fetch(&self, pi: u32) {
        let mut inflight = self.shared.state().write_inflight();
        inflight.push(pi);
        self.shared.state().peers().set_last_common(7);
    }
}

pub struct Rpc {
    shared: Arc<SyncShared>,
}

impl Rpc {
    pub fn get_peers(&self) -> Vec<(u64, usize)> {
        let peers = self.shared.state().peers().state.read().unwrap();
        peers
            .iter()
            .map(|n| (*n, self.shared.state().read_inflight().len()))
            .collect()
    }
}
