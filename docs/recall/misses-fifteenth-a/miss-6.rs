use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::collections::HashMap;
use std::sync::Arc;

pub struct Peers {
    pub state: RwLock<HashMap<u32, u64>>,
}

impl Peers {
    pub fn set_last_common(&self, pi: u32, n: u64) {
        self.state.write().insert(pi, n);
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
    pub fn read_inflight(&self) -> RwLockReadGuard<Vec<u32>> {
        self.inflight.read()
    }
    pub fn write_inflight(&self) -> RwLockWriteGuard<Vec<u32>> {
        self.inflight.write()
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
        self.shared.state().peers().set_last_common(pi, 7);
    }
}

pub struct Rpc {
    sync_shared: Arc<SyncShared>,
}

impl Rpc {
    pub fn get_peers(&self, ids: &[u32]) -> Vec<Option<(u64, usize)>> {
        ids.iter()
            .map(|pi| {
                self.sync_shared
                    .state()
                    .peers()
                    .state
                    .read()
                    .get(pi)
                    .map(|n| (*n, self.sync_shared.state().read_inflight().len()))
            })
            .collect()
    }
}
