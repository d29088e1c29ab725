// Near misses of `guard_wrappers.rs`: the wrapper is dropped (or scoped) before the second
// lock, the guard is handed to a function that consumes it, or the wrapper keeps a copy of
// the data rather than the guard.
use std::ops::Deref;
use std::sync::{Mutex, MutexGuard};

pub struct Timed<T> {
    inner: T,
}

impl<T> Timed<T> {
    pub fn new(inner: T, _reason: &'static str) -> Self {
        Self { inner }
    }
}

impl<T> Deref for Timed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

fn consume(g: MutexGuard<'_, Vec<u32>>) -> usize {
    g.len()
}

pub struct Peers {
    peers: Mutex<Vec<u32>>,
    stats: Mutex<u64>,
}

impl Peers {
    pub fn dropped(&self) {
        let Ok(peers) = self.peers.lock() else { return };
        let pe = Timed::new(peers, "dropped");
        let n = pe.len();
        drop(pe);
        *self.stats.lock().unwrap() += n as u64;
    }

    pub fn scoped(&self) {
        let n = {
            let pe = Timed::new(self.peers.lock().unwrap(), "scoped");
            pe.len()
        };
        *self.stats.lock().unwrap() += n as u64;
    }

    pub fn consumed(&self) {
        let peers = self.peers.lock().unwrap();
        let n = consume(peers);
        *self.stats.lock().unwrap() += n as u64;
    }

    pub fn copied(&self) {
        let pe = Timed::new(self.peers.lock().unwrap().len(), "copied");
        *self.stats.lock().unwrap() += *pe as u64;
    }

    pub fn report(&self) -> usize {
        let s = self.stats.lock().unwrap();
        let p = self.peers.lock().unwrap();
        p.len() + *s as usize
    }
}
