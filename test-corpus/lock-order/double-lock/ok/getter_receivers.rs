// Getters that return two different fields stay two objects, and a guard of one field does
// not conflict with a callee that locks another.
use std::sync::{Arc, Mutex};

pub struct Inventory {
    pub equipment: Mutex<Vec<u32>>,
    pub main: Mutex<Vec<u32>>,
}

impl Inventory {
    pub fn set_main(&self, item: u32) {
        self.main.lock().unwrap().push(item);
    }
    pub fn set_equipment(&self, item: u32) {
        self.equipment.lock().unwrap().push(item);
    }
}

pub struct Player {
    inventory: Arc<Inventory>,
    ender_chest: Arc<Inventory>,
}

impl Player {
    pub fn inventory(&self) -> &Arc<Inventory> {
        &self.inventory
    }
    pub fn ender_chest(&self) -> &Arc<Inventory> {
        &self.ender_chest
    }
    // a fresh object each call: no field of `self`
    pub fn scratch(&self) -> Arc<Inventory> {
        Arc::new(Inventory {
            equipment: Mutex::new(Vec::new()),
            main: Mutex::new(Vec::new()),
        })
    }
}

// another lock of the same object
pub fn equip(player: &Player, item: u32) {
    let inv = player.inventory();
    let _eq = inv.equipment.lock().unwrap();
    inv.set_main(item);
}

// the same field of two different objects reached by two getters
pub fn move_to_chest(player: &Player, item: u32) {
    let inv = player.inventory();
    let chest = player.ender_chest();
    let _eq = inv.equipment.lock().unwrap();
    chest.set_equipment(item);
}

// a fresh object from a getter is not the player's inventory
pub fn scratch_copy(player: &Player, item: u32) {
    let inv = player.inventory();
    let _eq = inv.equipment.lock().unwrap();
    let tmp = player.scratch();
    tmp.set_equipment(item);
}

// the guard is released before the call
pub fn released(player: &Player, item: u32) {
    let inv = player.inventory();
    let eq = inv.equipment.lock().unwrap();
    let n = eq.len();
    drop(eq);
    inv.set_equipment(item + n as u32);
}
