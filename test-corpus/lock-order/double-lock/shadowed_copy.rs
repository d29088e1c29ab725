// A guard shadowed by a copy read through it (`let disks = self.disks.read().unwrap();
// let disks = disks.clone();`) can no longer be named, yet it stays held to the end of the
// block: a later call that locks the same lock again runs under it. The copy is taken in the
// guard's own statement, whose temporary guard ends at its `;`.
use std::sync::{Mutex, RwLock};

pub struct Set {
    disks: RwLock<Vec<String>>,
    parts: Mutex<Vec<u32>>,
}

impl Set {
    fn disk_count(&self) -> usize {
        self.disks.read().unwrap().len()
    }

    fn part_total(&self) -> u32 {
        self.parts.lock().unwrap().iter().sum()
    }

    pub fn heal(&self) -> usize {
        let disks = self.disks.read().unwrap();

        let disks = disks.clone();
        let n = self.disk_count(); //~ double-lock
        disks.len() + n
    }

    pub fn report(&self) -> (Vec<u32>, u32) {
        let mut parts = self.parts.lock().unwrap();
        // the copy the report works on
        let mut parts = parts.to_vec();
        parts.sort();
        let total = self.part_total(); //~ double-lock
        (parts, total)
    }

    // a borrow of the guard, not a copy: it needs the guard alive, no edit
    pub fn first(&self) -> Option<usize> {
        let disks = self.disks.read().unwrap();
        let disks = disks.first();
        let n = self.disk_count(); //~ double-lock
        disks.map(|d| d.len() + n)
    }
}

fn count(m: &Mutex<Vec<u32>>) -> usize {
    m.lock().unwrap().len()
}

pub fn snapshot(m: &Mutex<Vec<u32>>) -> (usize, usize) {
    let v = m.lock().unwrap();
    let v = v.len();
    (v, count(m)) //~ double-lock
}
