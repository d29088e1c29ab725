use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub trait Relocation: Send + Sync {
    fn move_bar(&self, id: u32);
}

pub struct Bus {
    pub devices: Vec<u32>,
    pub reloc: Arc<dyn Relocation>,
}

pub struct ConfigIo {
    bus: Arc<Mutex<Bus>>,
}

impl ConfigIo {
    pub fn write(&mut self, id: u32) {
        let bus = self.bus.lock().unwrap();
        if bus.devices.contains(&id) {
            bus.reloc.move_bar(id);
        }
    }
}

pub struct AddressManager {
    tree: Arc<Mutex<HashMap<u32, u64>>>,
}

impl Relocation for AddressManager {
    fn move_bar(&self, id: u32) {
        self.tree.lock().unwrap().insert(id, 0);
    }
}

pub struct Segment {
    pub bus: Arc<Mutex<Bus>>,
}

pub struct DeviceManager {
    tree: Arc<Mutex<HashMap<u32, u64>>>,
    segments: Vec<Segment>,
}

impl DeviceManager {
    pub fn resources(&self, id: u32) -> Option<u64> {
        if let Some(base) = self.tree.lock().unwrap().get(&id) {
            self.segments[0].bus.lock().unwrap().devices.push(id);
            Some(*base)
        } else {
            None
        }
    }
}
