// FP probe (written from scratch) for an FP in eclipse-zenoh/zenoh
// (commons/zenoh-uring/src/linux/page_arena.rs:94, atomic-check-then-act).
//
// The code: a memory arena keeps its committed size in an `AtomicUsize` (so that other
// threads can read it through `&self`); `add_memory` loads the size, returns when it reached
// the capacity, and otherwise `fetch_add`s the grown amount. racelint reports
// atomic-check-then-act at the check (line 36): two threads could both pass the bound.
//
// Why it is an FP: one thread grows the arena. The arena is constructed inside the io_uring
// reactor thread's closure and never leaves it: the growth path takes the ring's
// `&mut SubmissionQueue` (here: `&mut Ring`), which only the reactor thread owns. Other
// threads in zenoh get only buffer ids and read the size.
//
// What racelint would need: ownership of the value. A value created inside a thread's (or
// task's) body and only borrowed there (not moved into another spawn, not stored in a shared
// structure, not returned) has that thread as its only actor, whatever its field types are.
// A method whose other argument is `&mut` of such a thread-owned value is single-actor too.
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Arena {
    size: AtomicUsize,
    capacity: usize,
}

pub struct Ring {
    pending: Vec<(usize, usize)>,
}

impl Arena {
    pub fn new(capacity: usize) -> Self {
        Arena { size: AtomicUsize::new(0), capacity }
    }

    pub fn add_memory(&self, wanted: usize, ring: &mut Ring) -> Option<usize> {
        let size = self.size.load(Ordering::Relaxed);
        if size == self.capacity {
            return None;
        }
        let grown = std::cmp::min(size + wanted, self.capacity) - size;
        ring.pending.push((size, grown));
        self.size.fetch_add(grown, Ordering::SeqCst);
        Some(grown)
    }
}

pub fn start_reactor(capacity: usize) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let arena = Arena::new(capacity);
        let mut ring = Ring { pending: Vec::new() };
        loop {
            if arena.add_memory(4096, &mut ring).is_none() {
                break;
            }
        }
    })
}
