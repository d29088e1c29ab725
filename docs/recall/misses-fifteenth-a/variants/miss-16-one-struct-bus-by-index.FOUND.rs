use std::collections::HashMap;
use std::sync::Mutex;

pub struct DeviceManager {
    tree: Mutex<HashMap<u32, u64>>,
    segments: Vec<Mutex<Vec<u32>>>,
}

impl DeviceManager {
    pub fn resources(&self, id: u32) -> Option<u64> {
        if let Some(base) = self.tree.lock().unwrap().get(&id) {
            self.segments[0].lock().unwrap().push(id);
            Some(*base)
        } else {
            None
        }
    }

    pub fn config_write(&self, id: u32) {
        let bus = self.segments[0].lock().unwrap();
        if bus.contains(&id) {
            self.tree.lock().unwrap().insert(id, 0);
        }
    }
}
