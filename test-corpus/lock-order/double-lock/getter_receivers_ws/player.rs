// The player's getters (another file than their callers).
use std::sync::Arc;

use crate::inventory::Inventory;

pub struct Player {
    inventory: Arc<Inventory>,
    chest: Arc<Inventory>,
}

impl Player {
    pub fn inventory(&self) -> &Arc<Inventory> {
        &self.inventory
    }
    pub fn chest(&self) -> &Arc<Inventory> {
        &self.chest
    }
}
