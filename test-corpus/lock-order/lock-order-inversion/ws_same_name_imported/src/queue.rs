// Two modules each have a private `Inner`; a third module imports the queue's `Inner` and
// locks its fields in the opposite order: that is a cycle on the queue's locks.
use std::sync::Mutex;

pub struct Inner {
    pub head: Mutex<u64>,
    pub tail: Mutex<u64>,
}

impl Inner {
    pub fn push(&self, v: u64) {
        let h = self.head.lock().unwrap();
        let mut t = self.tail.lock().unwrap(); //~ lock-order-inversion
        *t = *h + v;
    }
}
