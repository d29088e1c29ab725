// Miss, fjall ee80d71 (parent b1f1a91f), fjall/src/batch/mod.rs `Batch::commit`.
// Written from scratch. A batch write-locks the memtable of every partition its items touch,
// keeping the guards in a map so the batch is applied atomically. When two items target the
// same partition, the loop write-locks that partition's RwLock a second time while the first
// guard is still in the map: a self-deadlock on every batch with two writes to one partition.
// racelint reports nothing; the contrast (the same lock taken twice in straight-line code)
// is reported.
use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockWriteGuard};

pub struct Part {
    pub mem: RwLock<Vec<(String, String)>>,
}

pub struct Store {
    pub parts: HashMap<String, Arc<Part>>,
}

pub struct Item {
    pub part: String,
    pub key: String,
    pub value: String,
}

pub fn commit(store: &Store, items: &[Item]) {
    let mut locked: HashMap<String, RwLockWriteGuard<'_, Vec<(String, String)>>> = HashMap::new();
    for it in items {
        let Some(p) = store.parts.get(&it.part) else { continue };
        // second item of the same partition: write() while the first guard is in `locked`
        locked.insert(it.part.clone(), p.mem.write().unwrap());
    }
    for it in items {
        if let Some(g) = locked.get_mut(&it.part) {
            g.push((it.key.clone(), it.value.clone()));
        }
    }
}

// Contrast: reported (double-lock).
pub fn commit_two(p: &Part) {
    let a = p.mem.write().unwrap();
    let b = p.mem.write().unwrap();
    drop((a, b));
}
