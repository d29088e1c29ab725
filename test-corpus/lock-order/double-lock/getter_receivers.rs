// The receiver of a call comes from a getter (`let inv = player.inventory();`): the getter's
// field is the local, so the callee that locks `inv.equipment` again is resolved and the lock
// it takes is the guard's. Getters returning `&Arc<T>`, `&T`, a clone of an `Arc<T>`, through
// `Box`, nested, called from methods, free functions and trait impls.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Inventory {
    pub equipment: Mutex<HashMap<u8, u32>>,
    pub main: Mutex<Vec<u32>>,
}

impl Inventory {
    pub fn set_in_hand(&self, slot: u8, item: u32) {
        self.equipment.lock().unwrap().insert(slot, item);
    }

    pub fn set_main(&self, item: u32) {
        self.main.lock().unwrap()[0] = item;
    }
}

pub struct Player {
    inventory: Arc<Inventory>,
    boxed: Box<Inventory>,
}

impl Player {
    pub fn inventory(&self) -> &Arc<Inventory> {
        &self.inventory
    }
    pub fn inventory_ref(&self) -> &Inventory {
        &self.inventory
    }
    pub fn inventory_arc(&self) -> Arc<Inventory> {
        self.inventory.clone()
    }
    pub fn boxed(&self) -> &Inventory {
        &self.boxed
    }
}

pub struct World {
    player: Arc<Player>,
}

impl World {
    pub fn player(&self) -> &Arc<Player> {
        &self.player
    }
}

// a free function: the getter returns `&Arc<Inventory>`
pub fn equip(player: &Player, slot: u8, item: u32) {
    let inv = player.inventory();
    let mut eq = inv.equipment.lock().unwrap();
    eq.insert(slot, item);
    inv.set_in_hand(40, item); //~ double-lock
}

// `&Inventory`
pub fn equip_ref(player: &Player, item: u32) {
    let inv = player.inventory_ref();
    let eq = inv.equipment.lock().unwrap();
    inv.set_in_hand(eq.len() as u8, item); //~ double-lock
}

// a clone of the `Arc`
pub fn equip_arc(player: &Player, item: u32) {
    let inv = player.inventory_arc();
    let eq = inv.equipment.lock().unwrap();
    inv.set_in_hand(eq.len() as u8 + 1, item); //~ double-lock
}

// through `Box`
pub fn equip_boxed(player: &Player, item: u32) {
    let inv = player.boxed();
    let _main = inv.main.lock().unwrap();
    inv.set_main(item); //~ double-lock
}

impl World {
    // nested getters, in a method
    pub fn equip_nested(&self, item: u32) {
        let player = self.player();
        let inv = player.inventory();
        let _eq = inv.equipment.lock().unwrap();
        inv.set_in_hand(40, item); //~ double-lock
    }
}

pub trait Equip {
    fn equip_from_hand(&self, item: u32);
}

// a trait impl
impl Equip for Player {
    fn equip_from_hand(&self, item: u32) {
        let inv = self.inventory();
        let _eq = inv.equipment.lock().unwrap();
        inv.set_in_hand(40, item); //~ double-lock
    }
}
