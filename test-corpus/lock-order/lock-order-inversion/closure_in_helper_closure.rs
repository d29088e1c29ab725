// A helper that calls its caller's closure inside a closure of its own, while a guard is
// alive there (a map reference consumed by `and_then`, a locked vector walked with
// `for_each`), or hands the closure on to a callee that calls it: the locks the caller's
// closure takes are ordered after the helper's guard (rqbit's `with_live_mut` taking the
// peer's shard, the closure then taking the torrent state).
use dashmap::DashMap;
use parking_lot::{Mutex, RwLock};

pub struct Chunks {
    pub needed: Vec<u32>,
    pub inflight: Vec<(u32, u64)>,
}

pub struct Live {
    pub requests: Vec<u32>,
}

pub struct PeerStates {
    states: DashMap<u64, Live>,
}

impl PeerStates {
    pub fn with_live_mut<R>(&self, addr: u64, f: impl FnOnce(&mut Live) -> R) -> Option<R> {
        self.states.get_mut(&addr).and_then(|mut e| Some(f(e.value_mut()))) //~ lock-order-inversion
    }
}

pub struct TorrentState {
    locked: RwLock<Chunks>,
    peers: PeerStates,
}

impl TorrentState {
    pub fn reserve(&self, peer: u64) -> Option<u32> {
        self.peers
            .with_live_mut(peer, |live| {
                let mut g = self.locked.write();
                let n = g.needed.pop()?;
                live.requests.push(n);
                Some(n)
            })
            .flatten()
    }

    pub fn on_received(&self, peer: u64, index: u32) {
        let mut g = self.locked.write();
        self.peers.with_live_mut(peer, |h| h.requests.retain(|r| *r != index));
        g.inflight.retain(|(n, _)| *n != index);
    }
}

// the callback handed on, under the helper's guard, to a free function that calls it
pub struct Board {
    cells: Mutex<Vec<u8>>,
    score: Mutex<u64>,
}

fn visit<F: FnMut(&mut u8)>(cells: &mut [u8], mut f: F) {
    for c in cells.iter_mut() {
        f(c);
    }
}

impl Board {
    pub fn for_each_cell(&self, f: impl FnMut(&mut u8)) {
        let mut g = self.cells.lock();
        visit(&mut g, f);
    }

    pub fn clear_scored(&self) {
        self.for_each_cell(|c| {
            *self.score.lock() += u64::from(*c);
            *c = 0;
        });
    }

    pub fn total(&self) -> u64 {
        let score = self.score.lock();
        let cells = self.cells.lock(); //~ lock-order-inversion
        *score + cells.len() as u64
    }
}
