// `double-lock`: a plain `read()` taken again while a read guard of the same RwLock is held.
// With no writer it works; a writer that queues between the two blocks the second reader,
// and waits itself for the first guard (each lock here has a writer).

use std::sync::RwLock;

pub struct Index {
    entries: RwLock<Vec<u32>>,
}

impl Index {
    pub fn sum_twice(&self) -> u32 {
        let a = self.entries.read().unwrap();
        let b = self.entries.read().unwrap(); //~ double-lock
        a.iter().sum::<u32>() + b.iter().sum::<u32>()
    }

    pub fn add(&self, v: u32) {
        self.entries.write().unwrap().push(v);
    }
}

static TABLE: parking_lot::RwLock<u32> = parking_lot::RwLock::new(0);

pub fn nested() -> u32 {
    let g = TABLE.read();
    *g + *TABLE.read() //~ double-lock
}

pub fn bump() {
    *TABLE.write() += 1;
}

