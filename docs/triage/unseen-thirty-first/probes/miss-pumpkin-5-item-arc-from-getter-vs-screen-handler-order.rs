// Probe (written from scratch) for a missed bug in Pumpkin-MC/Pumpkin.
// Fix commit: 317d9ffd "Fix deadlock when throwing items" (parent 3767dd90).
//
// What goes wrong: dropping the held item (the Q key, the player's connection task) locks the
// held stack (`inventory.held_item()` returns the slot's `Arc<tokio::sync::Mutex<ItemStack>>`)
// and then the player's current screen handler. The player's tick syncs the screen handler: it
// locks the screen handler and then each tracked slot's stack, the held one included. Opposite
// orders on two tasks: both hang. The fix locks the screen handler first in the drop path.
//
// What racelint would need: lock identity for mutexes reached through a getter that returns a
// cloned `Arc` of a collection element (`held_item()` and the slots iterated by the sync both
// name `Inventory.slots[..]`'s mutexes), so that lock-order sees `ItemStack` mutex ->
// `screen_handler` in one task and `screen_handler` -> `ItemStack` mutex in the other.
// Expected: lock-order-inversion at the screen-handler lock in `drop_held_item` (line 48) with
// the other order in `tick_sync` (line 55).
use std::sync::Arc;
use tokio::sync::Mutex;

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
    pub async fn drop_held_item(&self) {
        let binding = self.inventory.held_item();
        let mut stack = binding.lock().await;
        stack.count = 0;
        let mut handler = self.screen_handler.lock().await;
        handler.tracked[0] = 0;
    }

    pub async fn tick_sync(&self) {
        let mut handler = self.screen_handler.lock().await;
        for (i, slot) in self.inventory.slots.iter().enumerate() {
            let stack = slot.lock().await;
            handler.tracked[i] = stack.count;
        }
    }
}
