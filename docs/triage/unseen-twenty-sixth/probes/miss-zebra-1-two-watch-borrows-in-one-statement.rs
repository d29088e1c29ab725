// Probe (written from scratch) for a missed bug in ZcashFoundation/zebra.
// Fix commit: ebd94b2e6 "Fix deadlock in chain tip watch channel (#3378)" (parent a007a494).
//
// What goes wrong: `LatestChainTip::best_tip_height` and its siblings carry
// `#[instrument(skip(self), fields(height = ?self.receiver.borrow()..., hash =
// ?self.receiver.borrow()...))]`. `watch::Receiver::borrow` returns a `watch::Ref`, a read
// guard of the channel's RwLock; both field expressions are evaluated in one span
// construction, so the first guard is still alive when the second `borrow()` runs. When the
// state service's `send` (a writer) queues between the two reads, the second read waits for
// the writer and the writer waits for the first read: the syncer, mempool and RPC tasks that
// ask for the tip hang, and with them the node. The fix borrows once and records the fields
// from that one guard (and the RFC warns against two borrows in one scope).
//
// racelint reports two read guards of one std `RwLock` alive in one statement
// (`contrast_rwlock_twice`, reported: double-lock). Missing facts: (1) `watch::Receiver::borrow()`
// (and `borrow_and_update()`) returns a read guard of the channel, held like `RwLock::read()`;
// `best_tip_hash_in_body` (the same two borrows in the function body) is silent too.
// (2) The expressions in `#[tracing::instrument(fields(..))]` run at the function's entry, so
// guards they create belong to the function.
use std::sync::{Arc, RwLock};
use tokio::sync::watch;
use tracing::instrument;

#[derive(Clone, Default)]
pub struct TipBlock { pub height: u32, pub hash: u64 }

pub struct LatestChainTip {
    receiver: watch::Receiver<Option<TipBlock>>,
    cached: RwLock<TipBlock>,
}

impl LatestChainTip {
    #[instrument(
        skip(self),
        fields(
            height = ?self.receiver.borrow().as_ref().map(|b| b.height),
            hash = ?self.receiver.borrow().as_ref().map(|b| b.hash),
        ))]
    pub fn best_tip_height(&self) -> Option<u32> {
        self.receiver.borrow().as_ref().map(|b| b.height)
    }

    pub fn best_tip_hash_in_body(&self) -> (Option<u32>, Option<u64>) {
        (
            self.receiver.borrow().as_ref().map(|b| b.height),
            self.receiver.borrow().as_ref().map(|b| b.hash),
        )
    }

    // Contrast: reported (double-lock).
    pub fn contrast_rwlock_twice(&self) -> (u32, u64) {
        (self.cached.read().unwrap().height, self.cached.read().unwrap().hash)
    }
}

// The state service publishes new tips while the syncer and RPC threads read them.
pub fn spawn(tip: Arc<LatestChainTip>, sender: watch::Sender<Option<TipBlock>>) {
    let reader = tip.clone();
    std::thread::spawn(move || {
        reader.best_tip_height();
        reader.best_tip_hash_in_body();
        reader.contrast_rwlock_twice();
    });
    std::thread::spawn(move || {
        let _ = sender.send(Some(TipBlock::default()));
        *tip.cached.write().unwrap() = TipBlock::default();
    });
}
