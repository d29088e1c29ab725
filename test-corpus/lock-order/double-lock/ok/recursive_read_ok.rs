// Near misses of the recursive read: parking_lot's `read_recursive`, the first guard dropped
// before the second read, two different locks.

use std::sync::RwLock;

static TABLE: parking_lot::RwLock<u32> = parking_lot::RwLock::new(0);

pub fn recursive() -> u32 {
    let g = TABLE.read_recursive();
    *g + *TABLE.read_recursive()
}

pub struct Index {
    entries: RwLock<Vec<u32>>,
    names: RwLock<Vec<String>>,
}

impl Index {
    pub fn dropped(&self) -> usize {
        let a = self.entries.read().unwrap().len();
        let b = self.entries.read().unwrap().len();
        a + b
    }

    pub fn two_locks(&self) -> usize {
        let a = self.entries.read().unwrap();
        let b = self.names.read().unwrap();
        a.len() + b.len()
    }
}

// The right operand of `&&` is a temporary scope of its own: its guard is gone before the
// next operand runs.
pub fn both(index: &Index, ready: bool) -> bool {
    ready && !index.entries.read().unwrap().is_empty() && index.entries.read().unwrap().len() < 8
}
