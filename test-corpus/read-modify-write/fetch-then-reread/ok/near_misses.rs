// Near misses of `fetch-then-reread`: nothing here may be reported.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Mutex;

pub struct Ids {
    next: AtomicUsize,
    lock: Mutex<()>,
    hits: AtomicUsize,
}

fn gauge_set(_v: usize) {}

impl Ids {
    // The result is used: no reread.
    pub fn next_id(&self) -> usize {
        self.next.fetch_add(1, SeqCst) + 1
    }

    // A reread only logged: a newer value there is harmless.
    pub fn hit(&self) {
        self.hits.fetch_add(1, SeqCst);
        println!("hits: {}", self.hits.load(SeqCst));
    }

    // A reread only fed to a metric.
    pub fn hit_metric(&self) {
        self.hits.fetch_add(1, SeqCst);
        gauge_set(self.hits.load(SeqCst));
    }

    // A load in another function.
    pub fn bump(&self) {
        self.next.fetch_add(1, SeqCst);
    }
    pub fn current(&self) -> usize {
        self.next.load(SeqCst)
    }

    // Under a lock held over both.
    pub fn locked_next(&self) -> usize {
        let _g = self.lock.lock().unwrap();
        self.next.fetch_add(1, SeqCst);
        self.next.load(SeqCst)
    }

    // `&mut self`: no other caller runs at the same time.
    pub fn exclusive(&mut self) -> usize {
        self.next.fetch_add(1, SeqCst);
        self.next.load(SeqCst)
    }

    // A load in a closure made later: not this code's reread.
    pub fn deferred(&self) -> impl Fn() -> usize + '_ {
        self.next.fetch_add(1, SeqCst);
        move || self.next.load(SeqCst)
    }
}

// An atomic built here and never shared.
pub fn local() -> usize {
    let c = AtomicUsize::new(0);
    c.fetch_add(1, SeqCst);
    c.load(SeqCst)
}

// A single-thread owner (not `Sync`): one actor.
pub struct Single {
    n: AtomicUsize,
    _not_sync: Cell<u8>,
}

impl Single {
    pub fn next(&self) -> usize {
        self.n.fetch_add(1, SeqCst);
        self.n.load(SeqCst)
    }
}
