// Probe (written from scratch) for a missed bug in Pumpkin-MC/Pumpkin.
// Fix commit: 734f79e4 "fix: don't deadlock when equipping an item from the hand" (parent 83083d12).
//
// What goes wrong: a use-item handler equips armour from the hand. It locks the entity's
// equipment map (a tokio Mutex), swaps the item, and while that guard is still alive calls the
// inventory's `set_stack_in_hand`. For the off hand, that setter stores into the same equipment
// map, so it locks the same mutex again: the connection task hangs for ever and the player's
// equipment stays locked. The fix reads and writes the map under two short guards and releases
// it before touching the hand.
//
// What racelint would need: the setter lives on another type (`Inventory`) that holds an
// `Arc<Mutex<Equipment>>` shared with the caller's handle; double-lock has to see that
// `inv.equipment` and the `equipment` field the callee locks are the same field of the same
// type reached through a method on `&self`, across the crate boundary. NOTE: this one-file,
// one-crate reduction IS reported (double-lock, line 44), so the miss on the real parent tree
// comes from what the reduction drops: the setter is in the pumpkin-inventory crate and the
// inventory is reached through `player.inventory()` (an Arc returned by a getter). Not reduced
// further in time; treat this file as the contrast.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Equipment {
    pub slots: HashMap<u8, u32>,
}

pub struct Inventory {
    pub equipment: Arc<Mutex<Equipment>>,
    pub main: Mutex<Vec<u32>>,
}

impl Inventory {
    pub async fn set_stack_in_hand(&self, off_hand: bool, item: u32) {
        if off_hand {
            self.equipment.lock().await.slots.insert(40, item);
        } else {
            self.main.lock().await[0] = item;
        }
    }
}

pub async fn equip_from_hand(inv: &Inventory, slot: u8, mut held: u32, off_hand: bool) {
    let mut guard = inv.equipment.lock().await;
    let old = guard.slots.insert(slot, held).unwrap_or(0);
    held = old;
    // `guard` is still alive here.
    inv.set_stack_in_hand(off_hand, held).await;
    drop(guard);
}
