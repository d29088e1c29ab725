// Cross-file cycle: `Store::flush` (a.rs) takes `index` then `journal`;
// `Store::compact` (b.rs) takes `journal` then `index`.
use std::sync::Mutex;

pub struct Store {
    pub index: Mutex<Vec<u64>>,
    pub journal: Mutex<Vec<String>>,
}

impl Store {
    pub fn flush(&self) {
        let index = self.index.lock().unwrap();
        let mut journal = self.journal.lock().unwrap(); //~ lock-order-inversion
        journal.push(format!("{}", index.len()));
    }
}
