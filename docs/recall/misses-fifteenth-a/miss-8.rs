use parking_lot::RwLock;
use std::collections::HashMap;

pub struct OrphanPool {
    blocks: RwLock<HashMap<u64, HashMap<u64, String>>>,
    parents: RwLock<HashMap<u64, u64>>,
}

impl OrphanPool {
    pub fn remove_by_parent(&self, parent: u64) -> Vec<String> {
        let mut blocks = self.blocks.write();
        let removed: Vec<(u64, String)> = blocks.remove(&parent).unwrap_or_default().into_iter().collect();
        let mut parents = self.parents.write();
        for (h, _) in &removed {
            parents.remove(h);
        }
        removed.into_iter().map(|(_, b)| b).collect()
    }

    pub fn get_block(&self, hash: &u64) -> Option<String> {
        self.parents.write().get(hash).and_then(|parent| {
            self.blocks.write().get(parent).and_then(|m| m.get(hash).cloned())
        })
    }
}
