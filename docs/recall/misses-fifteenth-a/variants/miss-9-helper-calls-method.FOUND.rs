use parking_lot::{Mutex, RwLock};

pub struct Registry {
    peers: Vec<u32>,
}

pub struct State {
    registry: RwLock<Registry>,
    store: Mutex<Vec<u32>>,
}

impl State {
    fn with_registry_mut(&self, id: u32) {
        let mut reg = self.registry.write();
        reg.peers.retain(|p| *p != id);
        self.drop_from_store(id);
    }

    fn drop_from_store(&self, id: u32) {
        self.store.lock().retain(|p| *p != id);
    }

    pub fn accept(&self, id: u32) {
        let mut store = self.store.lock();
        self.registry.write().peers.push(id);
        store.push(id);
    }

    pub fn ban(&self, id: u32) {
        self.with_registry_mut(id);
    }
}
