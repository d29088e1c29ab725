// `fetch-then-reread` through a getter: the load is a helper's (its summary), read right after
// the update.

use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Seq {
    n: AtomicUsize,
}

impl Seq {
    fn current(&self) -> usize {
        self.n.load(Ordering::Acquire)
    }

    // The getter rereads: another caller's increment can be returned as this one's.
    pub fn advance(&self) -> usize {
        self.n.fetch_add(1, Ordering::AcqRel);
        self.current() //~ fetch-then-reread
    }
}
