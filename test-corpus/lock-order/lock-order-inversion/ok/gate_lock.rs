// Both orders only ever run under one common outer lock: they cannot interleave.
use std::sync::Mutex;

pub struct Db {
    gate: Mutex<()>,
    rows: Mutex<Vec<u32>>,
    index: Mutex<Vec<u32>>,
}

impl Db {
    pub fn insert(&self, v: u32) {
        let _g = self.gate.lock().unwrap();
        let mut rows = self.rows.lock().unwrap();
        let mut index = self.index.lock().unwrap();
        rows.push(v);
        index.push(v);
    }

    pub fn rebuild(&self) {
        let _g = self.gate.lock().unwrap();
        let mut index = self.index.lock().unwrap();
        let rows = self.rows.lock().unwrap();
        index.clone_from(&rows);
    }
}
