use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
pub struct Engine { regions: HashMap<u64, Mutex<u64>> }
impl Engine {
    pub fn alter_regions(&self, requests: HashMap<u64, String>) {
        let mut guards: Vec<MutexGuard<'_, u64>> = Vec::new();
        for (id, _) in &requests {
            guards.push(self.regions[id].lock().unwrap());
        }
    }
}
