use std::sync::Mutex;

pub struct Inner {
    head: Mutex<u64>,
    tail: Mutex<u64>,
}

impl Inner {
    pub fn evict(&self) {
        let t = self.tail.lock().unwrap();
        let mut h = self.head.lock().unwrap();
        *h = *t;
    }
}
