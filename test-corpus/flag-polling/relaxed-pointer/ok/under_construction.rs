// A Relaxed store into a value the function is still building publishes nothing: no other
// thread can reach the value until it is handed over (returned, moved into an `Arc`, sent),
// and that hand-over orders the stores before any load.
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Arc;

pub struct Node {
    pub value: u64,
    pub next: AtomicPtr<Node>,
}

pub struct Queue {
    head: AtomicPtr<Node>,
    tail: AtomicPtr<Node>,
}

pub struct Inner {
    queue: Queue,
}

impl Queue {
    // a constructor: the sentinel stored into both ends of the queue it returns
    pub fn new() -> Self {
        let q = Queue {
            head: AtomicPtr::new(std::ptr::null_mut()),
            tail: AtomicPtr::new(std::ptr::null_mut()),
        };
        let sentinel = Box::into_raw(Box::new(Node {
            value: 0,
            next: AtomicPtr::new(std::ptr::null_mut()),
        }));
        q.head.store(sentinel, Ordering::Relaxed);
        q.tail.store(sentinel, Ordering::Relaxed);
        q
    }

    pub fn first(&self) -> u64 {
        let h = self.head.load(Ordering::Acquire);
        unsafe { (*h).value }
    }
}

// a free function building a nested value, then sharing it through an `Arc`
pub fn shared_inner() -> Arc<Inner> {
    let inner = Inner {
        queue: Queue {
            head: AtomicPtr::new(std::ptr::null_mut()),
            tail: AtomicPtr::new(std::ptr::null_mut()),
        },
    };
    inner
        .queue
        .head
        .store(Box::into_raw(Box::new(Node { value: 1, next: AtomicPtr::default() })), Ordering::Relaxed);
    Arc::new(inner)
}
