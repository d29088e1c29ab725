// A guard-returning method or a locking helper called on what a reference accessor returns
// (`self.shared.state().write_inflight()`, `self.state().peers().set(..)`): the accessor is a
// path to the field (`self.shared.state`), so the guard and the helper's lock have the
// field's identity (ckb's `state().write_inflight_blocks()` then `state().peers()..`).
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub struct Peers {
    pub state: RwLock<Vec<u64>>,
}

impl Peers {
    pub fn set_last(&self, n: u64) {
        self.state.write().unwrap().push(n);
    }
}

pub struct State {
    peers: Peers,
    inflight: RwLock<Vec<u32>>,
    log: Mutex<Vec<String>>,
}

impl State {
    pub fn peers(&self) -> &Peers {
        &self.peers
    }
    pub fn read_inflight(&self) -> RwLockReadGuard<'_, Vec<u32>> {
        self.inflight.read().unwrap()
    }
    pub fn write_inflight(&self) -> RwLockWriteGuard<'_, Vec<u32>> {
        self.inflight.write().unwrap()
    }
    pub fn log(&self) -> MutexGuard<'_, Vec<String>> {
        self.log.lock().unwrap()
    }
}

pub struct Shared {
    state: State,
}

impl Shared {
    pub fn state(&self) -> &State {
        &self.state
    }

    // method: a guard from a wrapper on the accessor, the same lock again through a field
    pub fn push_twice(&self, pi: u32) {
        let mut inflight = self.state().write_inflight();
        let n = self.state.inflight.read().unwrap().len(); //~ double-lock
        inflight.push(pi + n as u32);
    }

    // method: a helper called on the accessor's accessor locks what is held
    pub fn record(&self, n: u64) {
        let peers = self.state().peers().state.read().unwrap();
        if peers.is_empty() {
            self.state().peers().set_last(n); //~ double-lock
        }
    }
}

pub struct Fetcher {
    shared: Arc<Shared>,
}

impl Fetcher {
    // through a field and then the accessor
    pub fn fetch(&self, line: String) {
        let mut log = self.shared.state().log();
        let n = self.shared.state().log().len(); //~ double-lock
        log.push(format!("{line} {n}"));
    }

    // in a closure run in place
    pub fn fetch_all(&self, ids: &[u32]) -> Vec<usize> {
        ids.iter()
            .map(|pi| {
                let mut w = self.shared.state().write_inflight();
                w.push(*pi);
                self.shared.state().read_inflight().len() //~ double-lock
            })
            .collect()
    }
}

// free function: the accessor on a parameter of a known type
pub fn drain(shared: &Shared) -> usize {
    let w = shared.state().write_inflight();
    let r = shared.state().read_inflight(); //~ double-lock
    w.len() + r.len()
}
