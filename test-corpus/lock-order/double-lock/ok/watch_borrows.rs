//! Near misses of `watch_borrows.rs`: one `watch::Ref` at a time, two different channels,
//! and `borrow()` methods of types that are no watch endpoint.
use std::cell::RefCell;
use std::sync::mpsc;
use tokio::sync::watch;

#[derive(Clone, Default)]
pub struct Tip {
    pub height: u32,
    pub hash: u64,
}

pub struct ChainTip {
    receiver: watch::Receiver<Option<Tip>>,
    other: watch::Receiver<Option<Tip>>,
    sender: watch::Sender<Tip>,
    cell: RefCell<Tip>,
    events: mpsc::Sender<u32>,
}

impl ChainTip {
    /// One borrow, both fields read from it.
    pub fn height_and_hash(&self) -> (Option<u32>, Option<u64>) {
        let tip = self.receiver.borrow();
        (
            tip.as_ref().map(|t| t.height),
            tip.as_ref().map(|t| t.hash),
        )
    }

    /// The value copied out in statements of their own: each `Ref` dies at its `;`.
    pub fn copies(&self) -> (Option<Tip>, Option<Tip>) {
        let a = self.receiver.borrow().clone();
        let b = self.receiver.borrow().clone();
        (a, b)
    }

    /// The first `Ref` dropped before the second borrow.
    pub fn dropped_first(&self) -> bool {
        let first = self.receiver.borrow();
        let some = first.is_some();
        drop(first);
        let second = self.receiver.borrow();
        some == second.is_some()
    }

    /// The first `Ref` scoped in a block.
    pub fn scoped(&self) -> bool {
        let some = {
            let first = self.receiver.borrow();
            first.is_some()
        };
        some == self.receiver.borrow().is_some()
    }

    /// Two different channels in one statement.
    pub fn two_channels(&self) -> bool {
        self.receiver.borrow().is_some() == self.other.borrow().is_some()
    }

    /// The sender publishes a value computed from a copy.
    pub fn bump(&self) {
        let next = {
            let current = self.sender.borrow();
            Tip {
                height: current.height + 1,
                hash: current.hash,
            }
        };
        self.sender.send_replace(next);
    }

    /// `send_modify` reads and writes under its one write lock.
    pub fn bump_in_place(&self) {
        self.sender.send_modify(|t| t.height += 1);
    }

    /// A `RefCell`'s shared borrows nest, and an mpsc sender takes no lock of it.
    pub fn cells(&self) -> u64 {
        let h = self.cell.borrow().height;
        let _ = self.events.send(h);
        (self.cell.borrow().height as u64) + self.cell.borrow().hash
    }
}

/// A single borrow in a free function.
pub fn height(rx: &watch::Receiver<Tip>) -> u32 {
    rx.borrow().height
}
