// An owner test: the loaded value is compared with a value unique to the calling thread, so
// only the thread that owns the value gets past the test, and a thread cannot race itself
// between the test and the write (a pool's owner fast path).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

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
    // the load bound first, the thread's id read from a thread-local
    pub fn get(&self) -> bool {
        let caller = THREAD_ID.with(|id| *id);
        let owner = self.owner.load(Ordering::Acquire);
        if caller == owner {
            self.owner.store(IN_USE, Ordering::Release);
            return true;
        }
        false
    }

    // the load in the condition, the id read inline, the owner side on the right
    pub fn put_back(&self) {
        if THREAD_ID.with(|id| *id) == self.owner.load(Ordering::Acquire) {
            self.owner.store(0, Ordering::Release);
            self.log();
        }
    }

    // an early exit for every other thread; the write after it
    pub fn release(&self) -> Result<(), ()> {
        let me = THREAD_ID.with(|id| *id);
        if self.owner.load(Ordering::Acquire) != me {
            return Err(());
        }
        self.owner.store(0, Ordering::Release);
        self.log();
        Ok(())
    }

    fn log(&self) {}
}

// a free function over a static, with the thread's id from libc
static WRITER: AtomicU64 = AtomicU64::new(0);

pub fn reenter() -> bool {
    let tid = unsafe { libc::gettid() } as u64;
    if WRITER.load(Ordering::Acquire) == tid {
        WRITER.store(0, Ordering::Release);
        return true;
    }
    false
}
