// miss-13 (tokio 24344dfe4, time driver lost timers)
// Expected: split-critical-section-like finding at line 23: `next_wake` is computed from the
// wheel under `self.wheel`'s guard, but stored AFTER the guard is released; `insert()` reads
// `next_wake` under the same guard to decide whether to unpark the driver. An insert landing
// between the release and the store compares against the stale value, skips the unpark, and
// its timer is lost (the driver sleeps until the later deadline).
// Gap: a lock-protected invariant that spans a guard and an atomic published after the guard
// ends (the rule family only pairs a read and a write of the same lock/atomic). In tokio the
// min is additionally taken over several shard locks inside a `filter_map` closure.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub struct Wheel { deadlines: Vec<u64> }
pub struct Driver { wheel: Mutex<Wheel>, next_wake: AtomicU64 }

impl Driver {
    pub fn park(&self) {
        let next = {
            let w = self.wheel.lock().unwrap();
            w.deadlines.iter().copied().min().unwrap_or(u64::MAX)
        }; // guard released here
        // an insert() can run now and see the old next_wake
        self.next_wake.store(next, Ordering::SeqCst); // line 23
    }
    pub fn insert(&self, when: u64) -> bool {
        let mut w = self.wheel.lock().unwrap();
        w.deadlines.push(when);
        when < self.next_wake.load(Ordering::SeqCst) // true => caller unparks the driver
    }
}
