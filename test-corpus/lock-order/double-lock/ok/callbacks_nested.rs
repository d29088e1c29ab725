// Near misses of callbacks run under a helper's guard: the closure takes no lock, the helper
// releases its guard before it calls the closure (or takes none), the closure is stored to be
// called later, the helper's closure parameter is shadowed by its own closure's argument, or
// the closure locks another map.
use dashmap::DashMap;
use std::sync::{Arc, Mutex};

pub struct Peer {
    pub inflight: Vec<u32>,
}

pub struct Peers {
    states: DashMap<u64, Peer>,
    other: DashMap<u64, Peer>,
}

impl Peers {
    pub fn with_peer_mut<R>(&self, addr: u64, f: impl FnOnce(&mut Peer) -> R) -> Option<R> {
        self.states.get_mut(&addr).map(|mut e| f(e.value_mut()))
    }

    /// Copies the peer's list out and calls `f` with no reference held.
    pub fn with_copy<R>(&self, addr: u64, f: impl FnOnce(Vec<u32>) -> R) -> Option<R> {
        let copy = self.states.get(&addr).map(|e| e.inflight.clone());
        copy.map(f)
    }

    pub fn count(&self, addr: u64) -> usize {
        self.states.get(&addr).map(|e| e.inflight.len()).unwrap_or(0)
    }

    pub fn other_count(&self, addr: u64) -> usize {
        self.other.get(&addr).map(|e| e.inflight.len()).unwrap_or(0)
    }

    // the closure only works on what it is given
    pub fn pop(&self, addr: u64) -> Option<u32> {
        self.with_peer_mut(addr, |p| p.inflight.pop()).flatten()
    }

    // the closure runs with no reference held
    pub fn push_count(&self, addr: u64) {
        self.with_copy(addr, |v| v.len() + self.count(addr));
    }

    // the closure locks another map
    pub fn pop_other(&self, addr: u64) -> Option<u32> {
        let n = self.with_peer_mut(addr, |p| {
            if self.other_count(addr) > 0 {
                p.inflight.pop()
            } else {
                None
            }
        });
        n.flatten()
    }
}

pub struct Jobs {
    queue: Mutex<Vec<u32>>,
    callbacks: Mutex<Vec<Box<dyn Fn(u32) + Send>>>,
}

impl Jobs {
    /// The guard is dropped before the closure runs.
    pub fn with_len<R>(&self, f: impl FnOnce(usize) -> R) -> R {
        let g = self.queue.lock().unwrap();
        let n = g.len();
        drop(g);
        f(n)
    }

    /// No guard at all.
    pub fn with_id<R>(&self, id: u32, f: impl FnOnce(u32) -> R) -> R {
        f(id)
    }

    /// The closure is stored under the lock, to be called later.
    pub fn on_job<F: Fn(u32) + Send + 'static>(&self, f: F) {
        self.callbacks.lock().unwrap().push(Box::new(f));
    }

    /// The helper's own closure takes an `f` of its own: the parameter is not called here.
    pub fn apply_all<F: Fn(u32)>(&self, f: F, fs: Vec<fn(u32)>) {
        let g = self.queue.lock().unwrap();
        fs.iter().for_each(|f| f(g.len() as u32));
        drop(g);
        f(0);
    }

    pub fn push(&self, j: u32) {
        self.queue.lock().unwrap().push(j);
    }

    pub fn run(self: Arc<Self>) {
        self.with_len(|n| self.push(n as u32));
        self.with_id(1, |id| self.push(id));
        let me = self.clone();
        self.on_job(move |id| me.push(id));
        self.apply_all(|id| self.push(id), vec![]);
    }
}
