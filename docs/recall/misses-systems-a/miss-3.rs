// miss-3 (qdrant 1edacd57dc, SaveOnDisk::wait_for missed wake-up)
// Expected rule: notify-without-lock at line 29 (`self.cv.notify_all()` without taking
// `self.gate`, the mutex the waiter sleeps with).
// Gaps: (a) the waiter's condition lives under a *different* lock (an RwLock `data`) than the
//       condvar's mutex (a `Mutex<()>` gate); the rule only considers conditions checked under the
//       condvar's own mutex; (b) the wait is timed (`wait_for`), which the rule skips entirely even
//       though a lost wake-up still stalls the waiter for the full timeout.
use parking_lot::{Condvar, Mutex, RwLock};
use std::time::Duration;

pub struct Cell { data: RwLock<u64>, gate: Mutex<()>, cv: Condvar }

impl Cell {
    pub fn wait_until(&self, want: u64, t: Duration) -> bool {
        loop {
            let g = self.data.read();
            if *g >= want { return true; }
            let mut gate = self.gate.lock();
            drop(g); // window: a writer can update + notify here, before we park
            if self.cv.wait_for(&mut gate, t).timed_out() { return false; }
        }
    }

    pub fn set(&self, v: u64) {
        let mut w = self.data.write();
        *w = v;
        drop(w);
        // BUG: notify without taking `gate`
        self.cv.notify_all(); // line 29: expected notify-without-lock
    }
}
