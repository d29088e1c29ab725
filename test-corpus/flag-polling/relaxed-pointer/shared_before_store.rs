// A value built here but shared with another thread before the Relaxed store: the store
// publishes the node to a thread that already holds the queue.
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Arc;

pub struct Node {
    pub value: u64,
}

pub struct Slot {
    current: AtomicPtr<Node>,
}

pub fn publish_after_sharing() -> Arc<Slot> {
    let slot = Slot {
        current: AtomicPtr::new(std::ptr::null_mut()),
    };
    let slot = Arc::new(slot);
    let reader = Arc::clone(&slot);
    std::thread::spawn(move || {
        let p = reader.current.load(Ordering::Acquire);
        if !p.is_null() {
            println!("{}", unsafe { (*p).value });
        }
    });
    let node = Box::into_raw(Box::new(Node { value: 7 }));
    slot.current.store(node, Ordering::Relaxed); //~ relaxed-pointer
    slot
}

pub fn built_then_spawned() {
    let s = Slot {
        current: AtomicPtr::new(std::ptr::null_mut()),
    };
    std::thread::scope(|sc| {
        sc.spawn(|| {
            let p = s.current.load(Ordering::Acquire);
            if !p.is_null() {
                println!("{}", unsafe { (*p).value });
            }
        });
        s.current.store(Box::into_raw(Box::new(Node { value: 8 })), Ordering::Relaxed); //~ relaxed-pointer
    });
}
