// Probe (written from scratch) for a missed bug in ikatson/rqbit.
// Fix commit: adf3eef8 "Removed a couple deadlocks" (parent 38c99023).
//
// What goes wrong: `on_peer_died` binds a DashMap write guard through a `match`:
// `let mut pe = match self.peers.states.get_mut(&handle) { Some(peer) => peer, None => return };`
// For a peer in an unexpected state it calls `self.peers.drop_peer(handle)` while `pe` is alive,
// and `drop_peer` runs `self.states.remove(&handle)`: the same key, so the same shard. The
// thread waits for the write lock it already holds, and every task that later touches that
// shard hangs behind it. The fix drops `pe` first.
//
// racelint reports the same code when the guard is bound by `let .. else` or `if let`
// (`contrast_let_else`, reported: double-lock), also across the struct boundary
// (`self.peers.drop_peer` -> `self.states`). Missing fact: a `match` (or `if/else`) expression
// whose arms yield the guard from the scrutinee (`Some(p) => p`, the other arms diverge) binds
// that guard to the `let` pattern, exactly like `let Some(p) = .. else { return }`.
use dashmap::DashMap;
use std::sync::Arc;

pub struct Peer { pub state: u8 }

pub struct PeerStates { pub states: DashMap<u64, Peer> }

impl PeerStates {
    pub fn drop_peer(&self, handle: u64) -> Option<Peer> {
        self.states.remove(&handle).map(|(_, p)| p)
    }
}

pub struct TorrentState { pub peers: PeerStates }

impl TorrentState {
    pub fn on_peer_died(self: &Arc<Self>, handle: u64) {
        let mut pe = match self.peers.states.get_mut(&handle) {
            Some(peer) => peer,
            None => return,
        };
        if pe.state == 3 {
            self.peers.drop_peer(handle);
            return;
        }
        pe.state = 4;
    }

    // Contrast: reported (double-lock).
    pub fn contrast_let_else(self: &Arc<Self>, handle: u64) {
        let Some(mut pe) = self.peers.states.get_mut(&handle) else {
            return;
        };
        if pe.state == 3 {
            self.peers.drop_peer(handle);
            return;
        }
        pe.state = 4;
    }
}

// Every peer connection runs on its own thread and reports its end here.
pub fn spawn_peers(state: Arc<TorrentState>) {
    for h in 0..8u64 {
        let state = state.clone();
        std::thread::spawn(move || {
            state.on_peer_died(h);
            state.contrast_let_else(h);
        });
    }
}
