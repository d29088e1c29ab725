// The element a getter returns, locked in the same order as everywhere else (screen handler
// first): no cycle.
use std::sync::{Arc, Mutex};

pub struct ItemStack {
    pub count: u8,
}

pub struct Inventory {
    pub slots: Vec<Arc<Mutex<ItemStack>>>,
    pub selected: usize,
}

impl Inventory {
    pub fn held_item(&self) -> Arc<Mutex<ItemStack>> {
        self.slots[self.selected].clone()
    }
}

pub struct ScreenHandler {
    pub tracked: Vec<u8>,
}

pub struct Player {
    pub inventory: Arc<Inventory>,
    pub screen_handler: Mutex<ScreenHandler>,
}

impl Player {
    pub fn drop_held_item(&self) {
        let mut handler = self.screen_handler.lock().unwrap();
        let binding = self.inventory.held_item();
        let mut stack = binding.lock().unwrap();
        stack.count = 0;
        handler.tracked[0] = 0;
    }

    pub fn tick_sync(&self) {
        let mut handler = self.screen_handler.lock().unwrap();
        for (i, slot) in self.inventory.slots.iter().enumerate() {
            let stack = slot.lock().unwrap();
            handler.tracked[i] = stack.count;
        }
    }
}
