// Two modules each have a private `Inner` with fields `head` and `tail`; one locks head then
// tail, the other tail then head. They are different types, so different locks: no cycle.
use std::sync::Mutex;

pub struct Inner {
    head: Mutex<u64>,
    tail: Mutex<u64>,
}

impl Inner {
    pub fn push(&self, v: u64) {
        let h = self.head.lock().unwrap();
        let mut t = self.tail.lock().unwrap();
        *t = *h + v;
    }
}
