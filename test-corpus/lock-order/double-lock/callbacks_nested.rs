// A helper that runs its caller's closure while it holds a guard, written so that the call
// of the closure sits in a closure of the helper (`map.get_mut(&k).map(|mut e| f(..))`, an
// `iter_mut().for_each(|x| f(x))` over a locked vector), or called through `&dyn Fn`: the
// caller's closure runs under the helper's guard, and locking that lock again in it never
// returns (rqbit's `with_live_mut` and `on_steal`).
use dashmap::DashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

pub struct Peer {
    pub stolen: AtomicU64,
    pub inflight: Vec<u32>,
}

pub struct Peers {
    states: DashMap<u64, Peer>,
}

impl Peers {
    pub fn with_peer<R>(&self, addr: u64, f: impl FnOnce(&Peer) -> R) -> Option<R> {
        self.states.get(&addr).map(|e| f(e.value()))
    }

    pub fn with_peer_mut<R>(&self, addr: u64, f: impl FnOnce(&mut Peer) -> R) -> Option<R> {
        self.states.get_mut(&addr).map(|mut e| f(e.value_mut()))
    }

    pub fn on_steal(&self, to: u64) {
        self.with_peer(to, |p| p.stolen.fetch_add(1, Ordering::Relaxed));
    }
}

pub struct Handler {
    peers: Arc<Peers>,
    addr: u64,
}

impl Handler {
    pub fn next_piece(&self) -> Option<u32> {
        self.peers //~ double-lock
            .with_peer_mut(self.addr, |live| {
                let piece = live.inflight.pop();
                self.peers.on_steal(self.addr);
                piece
            })
            .flatten()
    }
}

// `and_then` over the map's reference, the closure re-entering the helper
pub struct Sessions {
    map: DashMap<u64, Vec<u8>>,
}

impl Sessions {
    pub fn update<R>(&self, id: u64, f: impl FnOnce(&mut Vec<u8>) -> R) -> Option<R> {
        self.map.get_mut(&id).and_then(|mut e| Some(f(e.value_mut())))
    }

    pub fn copy_into(&self, from: u64, to: u64) {
        self.update(to, |dst| { //~ double-lock
            let src = self.update(from, |s| s.clone()).unwrap_or_default();
            dst.extend(src);
        });
    }
}

// a locked vector walked with `for_each`, the callback called for each item
pub struct Listeners {
    list: Mutex<Vec<u32>>,
}

impl Listeners {
    pub fn each(&self, mut f: impl FnMut(&mut u32)) {
        self.list.lock().unwrap().iter_mut().for_each(|x| f(x));
    }

    pub fn add(&self, id: u32) {
        self.list.lock().unwrap().push(id);
    }

    pub fn duplicate_zeros(&self) {
        self.each(|x| { //~ double-lock
            if *x == 0 {
                self.add(0);
            }
        });
    }
}

// a callback given as `&dyn Fn`, under a write guard of a free function's argument
pub struct Config {
    values: RwLock<Vec<u32>>,
}

pub fn with_values(c: &Config, f: &dyn Fn(&mut Vec<u32>)) {
    let mut g = c.values.write().unwrap();
    f(&mut g);
}

pub fn largest(c: &Config) -> u32 {
    c.values.read().unwrap().iter().copied().max().unwrap_or(0)
}

pub fn push_next(c: &Config) {
    with_values(c, &|v| { //~ double-lock
        let next = largest(c) + 1;
        v.push(next);
    });
}
