// Expected: atomic-check-then-act (check-then-act) at line 22: `acquire` tests one atomic
// (`closing`) and then increments ANOTHER (`threads`) unconditionally; `release` (line 26)
// treats the 1 -> 0 transition of `threads` as final and frees the object. An acquire that runs
// after the count reached 0 (but before `closing` is set) resurrects it to 1, and two releases
// both observe the "last" transition: double free. The fix is a CAS loop on `threads` that
// refuses 0 (`fetch_update(.., |x| (x != 0).then(|| x + 1))`). racelint's atomic rules look at
// a load/test and a write of the SAME atomic; the guard here is a different atomic and the
// act is an unconditional `fetch_add` on a counter whose zero is terminal.
// (From deno 58d4d24f95 "don't resurrect a released threadsafe function in acquire".)
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Tsfn {
    closing: AtomicBool,
    threads: AtomicUsize,
}

impl Tsfn {
    pub fn acquire(&self) -> bool {
        if self.closing.load(Ordering::SeqCst) {
            return false;
        }
        self.threads.fetch_add(1, Ordering::Relaxed);
        true
    }

    pub fn release(this: *mut Tsfn) {
        let t = unsafe { &*this };
        if t.threads.fetch_sub(1, Ordering::AcqRel) == 1 {
            t.closing.store(true, Ordering::SeqCst);
            drop(unsafe { Box::from_raw(this) });
        }
    }
}
