// FP, skytable HEAD b83e42af: server/src/engine/sync/queue.rs:68-69 (`Queue::new`).
// Written from scratch. A lock-free queue's constructor allocates the sentinel node and stores
// the pointer into head and tail with Relaxed. The stores go into a value that is still a
// local of the constructor: no other thread can load head or tail until the queue is returned
// and handed over (moved into an Arc, a spawn, a channel), and that handover is what orders
// the node's contents before any load. racelint-s20a reports both stores (relaxed-pointer).
use crossbeam_epoch::{self as epoch, Atomic, Owned};
use std::sync::atomic::Ordering;

struct Node {
    value: u64,
    next: Atomic<Node>,
}

impl Node {
    fn empty() -> Self {
        Node { value: 0, next: Atomic::null() }
    }
}

pub struct Queue {
    head: Atomic<Node>,
    tail: Atomic<Node>,
}

impl Queue {
    pub fn new() -> Self {
        let q = Queue { head: Atomic::null(), tail: Atomic::null() };
        let g = unsafe { epoch::unprotected() };
        let sentinel = Owned::new(Node::empty()).into_shared(&g);
        q.head.store(sentinel, Ordering::Relaxed);
        q.tail.store(sentinel, Ordering::Relaxed);
        q
    }

    pub fn first(&self) -> Option<u64> {
        let g = epoch::pin();
        let h = self.head.load(Ordering::Acquire, &g);
        let next = unsafe { h.deref() }.next.load(Ordering::Acquire, &g);
        unsafe { next.as_ref() }.map(|n| n.value)
    }

    pub fn last(&self) -> u64 {
        let g = epoch::pin();
        let t = self.tail.load(Ordering::Acquire, &g);
        unsafe { t.deref() }.value
    }
}
