// Probe (written from scratch) for a missed bug in ikatson/rqbit.
// Fix commit: 2b842024 "Debugged one more deadlock (or it was the same one)" (parent 19c3fd70).
//
// What goes wrong: two locks, the torrent state's `locked: RwLock<..>` and the peer table
// `peers.states: DashMap<..>`, are taken in opposite orders by two peer tasks:
// - `on_received_piece` takes `self.state.locked.write()` and, still holding it, calls
//   `self.state.peers.with_live_mut(handle, |h| ..)`, which takes `states.get_mut(&handle)`;
// - `reserve_next_needed_piece` calls `self.peers.with_live_mut(peer, |live| { let g =
//   self.locked.write(); .. })`: the closure takes the state lock while `with_live_mut` holds
//   the peer's shard guard.
// Peer task A (receiving a piece from peer P) holds `locked` and waits for P's shard; task B
// (peer Q in the same shard, reserving a piece) holds that shard and waits for `locked`. Both
// tasks block their runtime threads for good. The fix moves the state lock after the
// `with_live_mut` call in `on_received_piece`.
//
// racelint reports the inversion when the second order is written with the shard guard taken
// in the function (`contrast_direct_order`, reported: lock-order-inversion). Missing fact (the
// same as miss-rqbit-2): a closure handed to a helper that calls it under a guard
// (`self.states.get_mut(&k).and_then(|mut e| Some(f(e.value_mut())))`) runs under that guard,
// so the locks the closure takes are ordered after it.
use dashmap::DashMap;
use parking_lot::RwLock;
use std::sync::Arc;

pub struct Chunks { pub needed: Vec<u32>, pub inflight: Vec<(u32, u64)> }
pub struct Live { pub requests: Vec<u32>, pub choked: bool }

pub struct PeerStates { pub states: DashMap<u64, Live> }

impl PeerStates {
    pub fn with_live_mut<R>(&self, addr: u64, f: impl FnOnce(&mut Live) -> R) -> Option<R> {
        self.states.get_mut(&addr).and_then(|mut e| Some(f(e.value_mut())))
    }
}

pub struct TorrentState { pub locked: RwLock<Chunks>, pub peers: PeerStates }

impl TorrentState {
    pub fn reserve_next_needed_piece(&self, peer: u64) -> Option<u32> {
        self.peers
            .with_live_mut(peer, |live| {
                if live.choked {
                    return None;
                }
                let mut g = self.locked.write();
                let n = g.needed.pop()?;
                g.inflight.push((n, peer));
                live.requests.push(n);
                Some(n)
            })
            .flatten()
    }

    pub fn on_received_piece(&self, peer: u64, index: u32) {
        let mut g = self.locked.write();
        self.peers.with_live_mut(peer, |h| h.requests.retain(|r| *r != index));
        g.inflight.retain(|(n, _)| *n != index);
    }
}

pub struct Other { pub locked: RwLock<Chunks>, pub peers: PeerStates }

impl Other {
    // Contrast: reported (lock-order-inversion), together with `on_received_piece_other`.
    pub fn contrast_direct_order(&self, peer: u64) -> Option<u32> {
        let mut live = self.peers.states.get_mut(&peer)?;
        let mut g = self.locked.write();
        let n = g.needed.pop()?;
        live.requests.push(n);
        Some(n)
    }

    pub fn on_received_piece_other(&self, peer: u64, index: u32) {
        let mut g = self.locked.write();
        self.peers.with_live_mut(peer, |h| h.requests.retain(|r| *r != index));
        g.inflight.retain(|(n, _)| *n != index);
    }
}

// Every peer connection runs its own task on a multi-threaded runtime.
pub fn spawn_peers(state: Arc<TorrentState>, other: Arc<Other>) {
    for peer in 0..8u64 {
        let state = state.clone();
        let other = other.clone();
        std::thread::spawn(move || {
            state.reserve_next_needed_piece(peer);
            state.on_received_piece(peer, 1);
            other.contrast_direct_order(peer);
            other.on_received_piece_other(peer, 1);
        });
    }
}
