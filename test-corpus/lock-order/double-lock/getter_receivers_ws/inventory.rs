// The inventory's setter locks the equipment map (another file than its callers).
use std::collections::HashMap;
use tokio::sync::Mutex;

pub struct Inventory {
    pub equipment: Mutex<HashMap<u8, u32>>,
    pub main: Mutex<Vec<u32>>,
}

impl Inventory {
    pub async fn set_stack_in_hand(&self, off_hand: bool, item: u32) {
        if off_hand {
            self.equipment.lock().await.insert(40, item);
        } else {
            self.main.lock().await[0] = item;
        }
    }
}
