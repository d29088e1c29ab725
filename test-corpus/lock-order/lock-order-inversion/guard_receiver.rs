// The second lock is taken by a method of the first lock's target, called on the guard
// temporary: `self.index.lock().unwrap().flush(&self.log)` holds `index` while `flush` locks
// `log`; `append` takes `log` then `index`.
use std::sync::Mutex;

pub struct Index {
    entries: Vec<u64>,
}

impl Index {
    pub fn flush(&mut self, log: &Mutex<Vec<u64>>) {
        let mut l = log.lock().unwrap();
        l.extend(self.entries.drain(..));
    }
}

pub struct Db {
    index: Mutex<Index>,
    log: Mutex<Vec<u64>>,
}

impl Db {
    pub fn checkpoint(&self) {
        self.index.lock().unwrap().flush(&self.log);
    }

    pub fn append(&self, v: u64) {
        let mut l = self.log.lock().unwrap();
        let mut i = self.index.lock().unwrap(); //~ lock-order-inversion
        l.push(v);
        i.entries.push(v);
    }
}
