// A guard moved into a value that keeps it (a timing wrapper built by `new`, a tuple struct,
// a struct literal, `Some`) is held for as long as that value lives: taking a second lock
// while the wrapper is alive orders the two locks as a plain guard would.
use std::ops::Deref;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

pub struct Timed<T> {
    inner: T,
    started: Instant,
}

impl<T> Timed<T> {
    pub fn new(inner: T, _reason: &'static str) -> Self {
        Self {
            inner,
            started: Instant::now(),
        }
    }
}

impl<T> Deref for Timed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

pub struct Held<'a>(pub MutexGuard<'a, Vec<u32>>);

pub struct Peers {
    peers: Mutex<Vec<u32>>,
    stats: Mutex<u64>,
}

impl Peers {
    /// The guard bound by `let .. else`, then wrapped by a constructor.
    pub fn on_died(&self) {
        let Ok(peers) = self.peers.lock() else { return };
        let pe = Timed::new(peers, "on_died");
        let mut s = self.stats.lock().unwrap(); //~ lock-order-inversion
        *s += pe.len() as u64;
    }

    pub fn report(&self) -> usize {
        let s = self.stats.lock().unwrap();
        let p = self.peers.lock().unwrap();
        p.len() + *s as usize
    }
}

pub struct Queue {
    items: Mutex<Vec<u32>>,
    log: Mutex<Vec<String>>,
}

impl Queue {
    /// A `match` on the lock result whose arm wraps the guard in a tuple struct.
    pub fn drain_logged(&self) {
        let held = match self.items.lock() {
            Ok(g) => Held(g),
            Err(_) => return,
        };
        let mut log = self.log.lock().unwrap(); //~ lock-order-inversion
        log.push(format!("{}", held.0.len()));
    }

    pub fn log_then_push(&self, v: u32) {
        let log = self.log.lock().unwrap();
        self.items.lock().unwrap().push(v + log.len() as u32);
    }
}

pub struct Ledger {
    entries: Mutex<Vec<u32>>,
    totals: Mutex<u64>,
}

pub struct Span<'a> {
    pub guard: MutexGuard<'a, Vec<u32>>,
    pub at: Instant,
}

impl Ledger {
    /// A struct literal built around a guard taken in its field.
    pub fn sum(&self) {
        let span = Span {
            guard: self.entries.lock().unwrap(),
            at: Instant::now(),
        };
        let mut t = self.totals.lock().unwrap(); //~ lock-order-inversion
        *t = span.guard.iter().map(|&v| v as u64).sum();
    }

    pub fn record(&self, v: u32) {
        let t = self.totals.lock().unwrap();
        self.entries.lock().unwrap().push(v + *t as u32);
    }
}
