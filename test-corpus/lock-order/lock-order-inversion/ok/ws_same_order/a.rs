// Two files take the same two locks in the same order, one of them through a call chain.
use std::sync::Mutex;

pub struct Store {
    pub index: Mutex<Vec<u64>>,
    pub journal: Mutex<Vec<String>>,
}

impl Store {
    pub fn flush(&self) {
        let index = self.index.lock().unwrap();
        let mut journal = self.journal.lock().unwrap();
        journal.push(format!("{}", index.len()));
    }
}
