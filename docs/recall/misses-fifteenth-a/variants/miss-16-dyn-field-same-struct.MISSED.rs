use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub trait Relocation: Send + Sync {
    fn move_bar(&self, id: u32);
}

pub struct Tree {
    pub map: Mutex<HashMap<u32, u64>>,
}

impl Relocation for Tree {
    fn move_bar(&self, id: u32) {
        self.map.lock().unwrap().insert(id, 0);
    }
}

pub struct DeviceManager {
    tree: Arc<Tree>,
    reloc: Arc<dyn Relocation>,
    bus: Mutex<Vec<u32>>,
}

impl DeviceManager {
    pub fn resources(&self, id: u32) -> Option<u64> {
        if let Some(base) = self.tree.map.lock().unwrap().get(&id) {
            self.bus.lock().unwrap().push(id);
            Some(*base)
        } else {
            None
        }
    }

    pub fn config_write(&self, id: u32) {
        let bus = self.bus.lock().unwrap();
        if bus.contains(&id) {
            self.reloc.move_bar(id);
        }
    }
}
