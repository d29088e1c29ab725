// `let inventory = player.inventory();` with the getter in player.rs and the setter in
// inventory.rs: the setter relocks the equipment map whose guard is held.
use crate::player::Player;

pub async fn equip_from_hand(player: &Player, slot: u8, held: u32, off_hand: bool) {
    let inventory = player.inventory();
    let mut guard = inventory.equipment.lock().await;
    guard.insert(slot, held);
    inventory.set_stack_in_hand(off_hand, held).await; //~ double-lock
    drop(guard);
}

// another object's map: the chest's setter does not take the inventory's lock
pub async fn store_in_chest(player: &Player, held: u32) {
    let inventory = player.inventory();
    let chest = player.chest();
    let guard = inventory.equipment.lock().await;
    chest.set_stack_in_hand(true, held).await;
    drop(guard);
}

// the guard is gone before the call
pub async fn equip_released(player: &Player, slot: u8, held: u32) {
    let inventory = player.inventory();
    inventory.equipment.lock().await.insert(slot, held);
    inventory.set_stack_in_hand(true, held).await;
}
