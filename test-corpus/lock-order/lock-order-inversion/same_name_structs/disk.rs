// Two modules each define a `Conn`; each file's code means its own.
use std::sync::Mutex;

pub struct Conn {
    log: Mutex<Vec<u8>>,
    index: Mutex<Vec<u64>>,
}

impl Conn {
    pub fn append(&self, b: u8) {
        let mut log = self.log.lock().unwrap();
        let mut index = self.index.lock().unwrap(); //~ lock-order-inversion
        index.push(log.len() as u64);
        log.push(b);
    }

    pub fn compact(&self) {
        let mut index = self.index.lock().unwrap();
        let log = self.log.lock().unwrap();
        index.retain(|&i| (i as usize) < log.len());
    }
}
