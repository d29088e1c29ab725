// A lookup helper over a plain `HashMap` owned by the struct: the insert needs `&mut self`, so
// no other thread can look the key up in between.
use std::collections::HashMap;

pub struct Devices {
    states: HashMap<String, bool>,
}

impl Devices {
    fn is_running(&self, device: &str) -> bool {
        self.states.get(device).copied().unwrap_or(false)
    }

    pub fn start(&mut self, device: &str) {
        if self.is_running(device) {
            return;
        }
        self.states.insert(device.to_string(), true);
    }
}
