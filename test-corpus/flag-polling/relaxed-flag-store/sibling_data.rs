// Near miss of sibling status bits: the atomic stored before the flag carries a value (a
// count, a position), which a reader that sees the flag with `Acquire` expects to see too.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Progress {
    copied: AtomicUsize,
    finished: AtomicBool,
}

impl Progress {
    pub fn finish(&self, n: usize) {
        self.copied.store(n, Ordering::Relaxed);
        self.finished.store(true, Ordering::Relaxed); //~ relaxed-flag-store
    }

    pub fn result(&self) -> Option<usize> {
        if self.finished.load(Ordering::Acquire) {
            Some(self.copied.load(Ordering::Relaxed))
        } else {
            None
        }
    }
}
