// Positive cases of `fetch-then-reread`: a `fetch_*` whose result is thrown away, then a load
// of the same atomic whose value is tested or returned: another thread's update is read as
// this one's.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;
use std::thread;

pub struct Ids {
    next: AtomicUsize,
}

impl Ids {
    // Two callers can get the same id.
    pub fn next_id(&self) -> usize {
        self.next.fetch_add(1, SeqCst);
        self.next.load(SeqCst) //~ fetch-then-reread
    }
}

static PENDING: AtomicUsize = AtomicUsize::new(0);

fn flush() {}

// A threshold tested on the reread: two threads can both see it reached and both flush.
pub fn record() {
    PENDING.fetch_add(1, Ordering::Relaxed);
    if PENDING.load(Ordering::Relaxed) >= 100 { //~ fetch-then-reread
        flush();
    }
}

pub struct Refs {
    count: AtomicU64,
}

fn release() {}

impl Refs {
    // A reference count dropped by two threads from 2: both can see 0 and both release.
    pub fn drop_ref(&self) {
        self.count.fetch_sub(1, Ordering::AcqRel);
        let left = self.count.load(Ordering::Acquire); //~ fetch-then-reread
        if left == 0 {
            release();
        }
    }
}

// Through an `Arc` clone in spawned threads.
pub fn spawn_workers(n: usize) {
    let done = Arc::new(AtomicUsize::new(0));
    for _ in 0..n {
        let done = done.clone();
        thread::spawn(move || {
            done.fetch_add(1, SeqCst);
            if done.load(SeqCst) == n { //~ fetch-then-reread
                flush();
            }
        });
    }
}

// A closure returning the reread.
pub fn ticket(counter: &'static AtomicUsize) -> impl Fn() -> usize {
    move || {
        counter.fetch_add(1, SeqCst);
        counter.load(SeqCst) //~ fetch-then-reread
    }
}
