use parking_lot::{Mutex, RwLock};

pub struct Registry {
    peers: Vec<u32>,
}

pub struct State {
    registry: RwLock<Registry>,
    store: Mutex<Vec<u32>>,
}

impl State {
    fn with_registry_mut<F, T>(&self, f: F) -> T
    where
        F: FnOnce(&mut Registry) -> T,
    {
        f(&mut self.registry.write())
    }

    pub fn accept(&self, id: u32) {
        let mut store = self.store.lock();
        self.registry.write().peers.push(id);
        store.push(id);
    }

    pub fn ban(&self, id: u32) {
        let mut reg = self.registry.write();
        reg.peers.retain(|p| *p != id);
        self.store.lock().retain(|p| *p != id);
    }
}
