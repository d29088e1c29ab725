// Probe (written from scratch) for a missed bug in ikatson/rqbit.
// Fix commit: c12fcd79 "Fix a rare deadlock" (parent adb17e42).
//
// What goes wrong: `on_piece_completed` holds the torrent state's write guard
// (`self.lock_write(..)`) and, when the torrent is finished, calls
// `disconnect_all_peers_that_have_full_torrent()`, which iterates `self.peers.states.iter_mut()`
// (DashMap shard write locks). A peer task ending at the same time runs `on_peer_died`:
// `let mut pe = match peers.states.get_mut(&handle) { Some(peer) => TimedExistence::new(peer,
// ".."), None => return }` (the shard guard, wrapped in a timing struct), then
// `self.state.lock_write(..)` while `pe` lives. One thread holds the state lock and waits for
// the shard, the other holds the shard and waits for the state lock. The fix drops the state
// guard before disconnecting peers.
//
// racelint reports the inversion when the shard guard is bound plainly by `let .. else`
// (`contrast_plain_guard`, reported: lock-order-inversion). Missing fact: a guard moved into a
// wrapper value (`Timed::new(guard, ..)`, a struct that keeps it in a field and derefs to it)
// is still held for as long as the wrapper lives. `on_peer_died_let_else` shows that the
// wrapper alone makes it silent; `on_peer_died` also binds it through a `match` arm
// (see miss-rqbit-1).
use dashmap::DashMap;
use parking_lot::RwLock;
use std::sync::Arc;

pub struct Timed<T> { inner: T }

impl<T> Timed<T> {
    pub fn new(inner: T, _reason: &'static str) -> Self { Self { inner } }
}

impl<T> std::ops::Deref for Timed<T> {
    type Target = T;
    fn deref(&self) -> &T { &self.inner }
}

impl<T> std::ops::DerefMut for Timed<T> {
    fn deref_mut(&mut self) -> &mut T { &mut self.inner }
}

pub struct Locked { pub unflushed: u64, pub broken: Vec<u32> }
pub struct Peer { pub full: bool, pub inflight: Vec<u32> }

pub struct TorrentState { pub locked: RwLock<Locked>, pub peers: DashMap<u64, Peer> }

impl TorrentState {
    fn disconnect_all_peers_that_have_full_torrent(&self) {
        for mut pe in self.peers.iter_mut() {
            if pe.full {
                pe.inflight.clear();
            }
        }
    }

    pub fn on_piece_completed(&self) {
        let mut g = self.locked.write();
        g.unflushed += 1;
        self.disconnect_all_peers_that_have_full_torrent();
    }
}

pub struct PeerHandler { pub state: Arc<TorrentState>, pub addr: u64 }

impl PeerHandler {
    pub fn on_peer_died(&self) {
        let mut pe = match self.state.peers.get_mut(&self.addr) {
            Some(peer) => Timed::new(peer, "on_peer_died"),
            None => return,
        };
        let mut g = self.state.locked.write();
        g.broken.extend(pe.inflight.drain(..));
    }

    pub fn on_peer_died_let_else(&self) {
        let Some(peer) = self.state.peers.get_mut(&self.addr) else { return };
        let mut pe = Timed::new(peer, "on_peer_died");
        let mut g = self.state.locked.write();
        g.broken.extend(pe.inflight.drain(..));
    }

    // Contrast: reported (lock-order-inversion, with `on_piece_completed`).
    pub fn contrast_plain_guard(&self) {
        let Some(mut pe) = self.state.peers.get_mut(&self.addr) else { return };
        let mut g = self.state.locked.write();
        g.broken.extend(pe.inflight.drain(..));
    }
}

// The piece writer and every peer connection run on their own threads.
pub fn spawn(state: Arc<TorrentState>) {
    let s = state.clone();
    std::thread::spawn(move || s.on_piece_completed());
    for addr in 0..8u64 {
        let h = PeerHandler { state: state.clone(), addr };
        std::thread::spawn(move || {
            h.on_peer_died();
            h.on_peer_died_let_else();
            h.contrast_plain_guard();
        });
    }
}
