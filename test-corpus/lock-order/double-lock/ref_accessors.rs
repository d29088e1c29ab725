// An accessor returning a reference to a struct that holds locks (`fn inner(&self) -> &Inner
// { &self.inner }`, also `&Arc<Inner>` / `Arc<Inner>`) is a path to its fields:
// `self.inner().m.lock()` locks `self.inner.m` (ckb's `state().peers().state`).
use std::sync::{Arc, Mutex, RwLock};

pub struct Inner {
    pub m: Mutex<u32>,
    pub peers: RwLock<Vec<u32>>,
}

pub struct Shared {
    pub inner: Arc<Inner>,
}

pub struct Outer {
    inner: Inner,
    shared: Shared,
}

impl Outer {
    pub fn inner(&self) -> &Inner {
        &self.inner
    }

    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    pub fn bump(&self) -> u32 {
        let a = self.inner().m.lock().unwrap();
        let b = self.inner.m.lock().unwrap(); //~ double-lock
        *a + *b
    }

    pub fn count(&self) -> usize {
        self.shared().inner.peers.read().unwrap().len()
    }

    pub fn add(&self, p: u32) {
        let mut peers = self.shared().inner.peers.write().unwrap();
        if self.count() == 0 { //~ double-lock
            peers.push(p);
        }
    }
}

impl Shared {
    pub fn inner(&self) -> &Arc<Inner> {
        &self.inner
    }

    pub fn twice(&self) -> u32 {
        let a = self.inner().m.lock().unwrap();
        let b = self.inner.m.lock().unwrap(); //~ double-lock
        *a + *b
    }
}
