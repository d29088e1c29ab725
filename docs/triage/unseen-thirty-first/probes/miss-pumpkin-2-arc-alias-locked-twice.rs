// Probe (written from scratch) for a missed bug in Pumpkin-MC/Pumpkin.
// Fix commit: 785de6d6 "fix(inventory): prevent shield self-deadlock in
// prepare_hand_item_for_use" (parent 3b9c2bdf).
//
// What goes wrong: each inventory slot is an `Arc<tokio::sync::Mutex<ItemStack>>`. The handler
// locks the stack in the player's hand, then asks the inventory for the stack of the target
// equipment slot and locks it too. When the item is already in that slot, both `Arc`s point to
// the same mutex: the second lock never returns. The fix compares the two `Arc`s with
// `Arc::ptr_eq` first.
//
// What racelint would need: lock identity through `Arc` handles returned by getters. Two
// getters of one object that may return the same `Arc<Mutex<_>>` (here `held_item()` and
// `slot_stack(slot)`) must be treated as possibly the same lock when both are locked at once
// with no `ptr_eq` test between. Expected: double-lock at line 43 (first lock at line 41).
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
    pub fn slot_stack(&self, slot: usize) -> Arc<Mutex<ItemStack>> {
        self.slots[slot].clone()
    }
}

pub async fn equip(inv: &Inventory, target: usize) {
    let hand = inv.held_item();
    let mut held = hand.lock().await;
    let dest = inv.slot_stack(target);
    let mut equipped = dest.lock().await;
    std::mem::swap(&mut held.count, &mut equipped.count);
}
