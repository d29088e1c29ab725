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
// What racelint would need: the receiver's type through a getter. In the real code the
// inventory is `let inventory = player.inventory();` (a method returning `&Arc<PlayerInventory>`),
// and the setter is in another crate (pumpkin-inventory). With the inventory reached through
// that getter, racelint does not know the type of `inventory`, so neither the guard's lock
// (`inventory.equipment`) nor the callee's body is resolved. Expected: double-lock at the
// `set_stack_in_hand` call in `equip_from_hand` (line 57). Contrast: reported (double-lock) at
// line 65, where the inventory is a typed parameter.
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

pub struct Player {
    inventory: Arc<Inventory>,
}

impl Player {
    pub fn inventory(&self) -> &Arc<Inventory> {
        &self.inventory
    }
}

pub async fn equip_from_hand(player: &Player, slot: u8, mut held: u32, off_hand: bool) {
    let inventory = player.inventory();
    let mut guard = inventory.equipment.lock().await;
    let old = guard.slots.insert(slot, held).unwrap_or(0);
    held = old;
    // `guard` is still alive here.
    inventory.set_stack_in_hand(off_hand, held).await;
    drop(guard);
}

// Contrast: reported (double-lock) when the inventory is a parameter instead of a getter's result.
pub async fn contrast_parameter(inv: &Inventory, slot: u8, held: u32, off_hand: bool) {
    let mut guard = inv.equipment.lock().await;
    guard.slots.insert(slot, held);
    inv.set_stack_in_hand(off_hand, held).await;
    drop(guard);
}
