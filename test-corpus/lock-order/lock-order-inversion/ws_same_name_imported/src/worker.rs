// Imports the queue's `Inner` (not the cache's): tail then head reverses `queue::Inner::push`.
use crate::queue::Inner;

pub fn drain(q: &Inner) -> u64 {
    let t = q.tail.lock().unwrap();
    let h = q.head.lock().unwrap();
    *t + *h
}
