// Probe (written from scratch) for a missed bug in ikatson/rqbit.
// Fix commit: 4fb894ee "fix: move on_steal outside peer lock to prevent deadlock" (parent 00a75a32).
//
// What goes wrong: `acquire_next_piece` runs its body as a closure given to
// `self.state.peers.with_live_mut(self.addr, "..", |live| { .. })`, and `with_live_mut` calls
// the closure while it holds `self.states.get_mut(&addr)` (a DashMap write guard on this
// peer's shard). When the piece was stolen, the closure calls `peers.on_steal(from_peer,
// self.addr, piece)`, which runs `with_peer(to_peer, ..)` (`states.get(&to_peer)`) with
// `to_peer == self.addr`: a read of the shard this thread holds for writing, so the peer's
// task deadlocks on the first steal (and `with_live_mut(from_peer)` on another shard can
// deadlock against a second peer doing the same). The fix records the steal in a local and
// calls `on_steal` after `with_live_mut` has returned.
//
// racelint reports the same body when the guard is taken in the function itself
// (`contrast_guard_in_fn`, reported: double-lock). Missing fact: a helper that calls its
// closure parameter while holding a guard (`self.states.get_mut(&k).map(|mut e| f(e.value_mut()))`)
// makes the closure body, at each call site, code that runs under that guard of the helper's
// receiver (here `self.peers.states`).
use dashmap::DashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct Peer { pub times_stolen: AtomicU64, pub inflight: Vec<u32> }

pub struct PeerStates { pub states: DashMap<u64, Peer> }

impl PeerStates {
    pub fn with_peer<R>(&self, addr: u64, f: impl FnOnce(&Peer) -> R) -> Option<R> {
        self.states.get(&addr).map(|e| f(e.value()))
    }

    pub fn with_peer_mut<R>(&self, addr: u64, f: impl FnOnce(&mut Peer) -> R) -> Option<R> {
        self.states.get_mut(&addr).map(|mut e| f(e.value_mut()))
    }

    pub fn on_steal(&self, from: u64, to: u64) {
        self.with_peer(to, |p| p.times_stolen.fetch_add(1, Ordering::Relaxed));
        self.with_peer_mut(from, |p| p.inflight.clear());
    }
}

pub struct PeerHandler { pub peers: Arc<PeerStates>, pub addr: u64 }

impl PeerHandler {
    pub fn acquire_next_piece(&self, from: u64) -> Option<u32> {
        self.peers
            .with_peer_mut(self.addr, |live| {
                let piece = live.inflight.pop();
                self.peers.on_steal(from, self.addr);
                piece
            })
            .flatten()
    }

    // Contrast: reported (double-lock).
    pub fn contrast_guard_in_fn(&self, from: u64) -> Option<u32> {
        let mut live = self.peers.states.get_mut(&self.addr)?;
        let piece = live.inflight.pop();
        self.peers.on_steal(from, self.addr);
        piece
    }
}

// Each peer connection has a handler running on its own thread.
pub fn spawn_handlers(peers: Arc<PeerStates>) {
    for addr in 0..4u64 {
        let h = PeerHandler { peers: peers.clone(), addr };
        std::thread::spawn(move || {
            h.acquire_next_piece(addr + 1);
            h.contrast_guard_in_fn(addr + 1);
        });
    }
}
