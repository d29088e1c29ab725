// FP (atomic-check-then-act): the load is compared with the caller's own thread id
// (a thread-local, unique per thread). Only the thread whose id is stored can pass
// the check, and one thread cannot race itself, so the separate store is safe.
// (regex-automata's Pool owner fast path, vendored in rustc-perf's compile benchmarks.)
use std::sync::atomic::{AtomicUsize, Ordering};

const IN_USE: usize = 1;

thread_local!(static THREAD_ID: usize = next_id());

fn next_id() -> usize {
    static COUNTER: AtomicUsize = AtomicUsize::new(3);
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

pub struct Pool {
    owner: AtomicUsize,
}

impl Pool {
    pub fn get(&self) -> bool {
        let caller = THREAD_ID.with(|id| *id);
        let owner = self.owner.load(Ordering::Acquire);
        if caller == owner {
            self.owner.store(IN_USE, Ordering::Release);
            return true;
        }
        false
    }
}
