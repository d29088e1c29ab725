use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct AddressManager {
    tree: Arc<Mutex<HashMap<u32, u64>>>,
}

impl AddressManager {
    fn move_bar(&self, id: u32) {
        self.tree.lock().unwrap().insert(id, 0);
    }
}

pub struct DeviceManager {
    tree: Arc<Mutex<HashMap<u32, u64>>>,
    bus: Mutex<Vec<u32>>,
    addr: AddressManager,
}

impl DeviceManager {
    pub fn new() -> Self {
        let tree = Arc::new(Mutex::new(HashMap::new()));
        DeviceManager { tree: tree.clone(), bus: Mutex::new(Vec::new()), addr: AddressManager { tree } }
    }

    pub fn resources(&self, id: u32) -> Option<u64> {
        if let Some(base) = self.tree.lock().unwrap().get(&id) {
            self.bus.lock().unwrap().push(id);
            Some(*base)
        } else {
            None
        }
    }

    pub fn config_write(&self, id: u32) {
        let bus = self.bus.lock().unwrap();
        if bus.contains(&id) {
            self.addr.move_bar(id);
        }
    }
}
