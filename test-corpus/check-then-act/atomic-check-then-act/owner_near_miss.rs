// Near misses of an owner test: the value compared with is not unique to the calling thread
// (a parameter, a shared counter), or the write runs for the threads that do *not* own the
// value. Two threads can both pass these tests.

use std::sync::atomic::{AtomicUsize, Ordering};

thread_local!(static THREAD_ID: usize = 7);

pub struct Slot {
    owner: AtomicUsize,
}

impl Slot {
    // the caller's ticket comes from the caller: two callers may hold the same one
    pub fn take(&self, ticket: usize) -> bool {
        let owner = self.owner.load(Ordering::Acquire); //~ atomic-check-then-act
        if owner == ticket {
            self.owner.store(0, Ordering::Release);
            self.work();
            return true;
        }
        false
    }

    // every thread that is not the owner runs the write: many at once
    pub fn steal(&self) -> bool {
        let me = THREAD_ID.with(|id| *id);
        if self.owner.load(Ordering::Acquire) != me { //~ atomic-check-then-act
            self.owner.store(me, Ordering::Release);
            self.work();
            return true;
        }
        false
    }

    fn work(&self) {}
}
