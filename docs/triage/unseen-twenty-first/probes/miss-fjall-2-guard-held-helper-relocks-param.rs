// Miss, fjall 96c245e (parent 65e7e46a), src/compaction/worker.rs `compaction_worker`.
// Written from scratch. The worker thread write-locks the level manifest (an Arc<RwLock<..>>
// passed in as a parameter), picks what to compact, and, still holding the guard, calls a
// helper and hands it a clone of the same Arc; the helper write-locks it again. std's RwLock
// is not re-entrant: the compaction thread deadlocks on its first compaction, and every
// writer that later needs the manifest hangs behind it. racelint reports the same shape when
// the lock is a field reached through `self` (contrast), not through a parameter Arc.
use std::sync::{Arc, RwLock};

pub struct Levels {
    pub runs: Vec<u64>,
}

pub fn do_compaction(levels: Arc<RwLock<Levels>>, pick: usize) {
    let mut l = levels.write().unwrap();
    l.runs.remove(pick);
}

pub fn worker(levels: Arc<RwLock<Levels>>) {
    loop {
        let lock = levels.write().unwrap();
        if lock.runs.len() > 4 {
            do_compaction(Arc::clone(&levels), 0); // deadlock: `lock` is still held
        }
        drop(lock);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

pub fn start(levels: Arc<RwLock<Levels>>) {
    std::thread::spawn(move || worker(levels));
}

// Contrast: reported (double-lock through a method on self).
pub struct Tree {
    levels: RwLock<Levels>,
}

impl Tree {
    fn compact(&self) {
        self.levels.write().unwrap().runs.clear();
    }
    pub fn tick(&self) {
        let lock = self.levels.write().unwrap();
        if lock.runs.len() > 4 {
            self.compact();
        }
    }
}
