//! A `tokio::sync::watch` endpoint keeps its value behind the channel's `RwLock`: `borrow()`
//! and `borrow_and_update()` return a `watch::Ref` holding the read lock, `send` takes the
//! write lock. A second borrow of the same endpoint while a `Ref` is alive deadlocks once the
//! sender queues between the two; a `send` while this thread holds a `Ref` never returns.
use std::sync::Arc;
use tokio::sync::watch;
use tokio::sync::watch::Receiver;

#[derive(Clone, Default)]
pub struct Tip {
    pub height: u32,
    pub hash: u64,
}

pub struct ChainTip {
    receiver: watch::Receiver<Option<Tip>>,
    sender: Arc<watch::Sender<Tip>>,
}

impl ChainTip {
    /// Two borrows in one tuple: the first `Ref` lives to the end of the statement.
    pub fn height_and_hash(&self) -> (Option<u32>, Option<u64>) {
        (
            self.receiver.borrow().as_ref().map(|t| t.height),
            self.receiver.borrow().as_ref().map(|t| t.hash), //~ double-lock
        )
    }

    /// `#[instrument(fields(..))]`: the values are computed together when the span is built.
    #[tracing::instrument(
        skip(self),
        fields(
            height = ?self.receiver.borrow().as_ref().map(|t| t.height),
            hash = ?self.receiver.borrow().as_ref().map(|t| t.hash), //~ double-lock
        )
    )]
    pub fn best_height(&self) -> Option<u32> {
        self.receiver.borrow().as_ref().map(|t| t.height)
    }

    /// A named `Ref` of the sender held while it publishes.
    pub fn bump(&self) {
        let current = self.sender.borrow();
        let next = Tip {
            height: current.height + 1,
            hash: current.hash,
        };
        self.sender.send_replace(next); //~ double-lock
    }

    /// `borrow_and_update` then a plain borrow in a helper of the same receiver, while the
    /// first is alive.
    pub fn changed_height(&mut self) -> bool {
        let seen = self.receiver.borrow_and_update();
        let again = self.receiver.borrow(); //~ double-lock
        seen.is_some() && again.is_some()
    }
}

/// A free function over a receiver imported by its own name.
pub fn sum(rx: &Receiver<u64>) -> u64 {
    let a = rx.borrow();
    let b = *rx.borrow(); //~ double-lock
    *a + b
}

impl ChainTip {
    /// A receiver cloned from the field shares its channel (and its lock).
    pub fn clone_then_borrow(&self) -> bool {
        let rx = self.receiver.clone();
        let first = self.receiver.borrow();
        let second = rx.borrow(); //~ double-lock
        first.is_some() == second.is_some()
    }
}
