// FP reduction (written from scratch) of the glommio FPs (t31): a single-producer,
// single-consumer ring.
//
// `head` is written only by the consumer (`try_pop`) and `tail` only by the producer
// (`try_push`); each side's load-then-store of its own index has no second writer. The two
// halves are separate owned handles (`Producer`, `Consumer`), neither `Clone`, so there is one
// of each. racelint reports atomic-load-store at both index stores (lines 40 and 55) and
// atomic-check-then-act at both slot flag tests (lines 35 and 50).
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Slot {
    has_value: AtomicBool,
    value: UnsafeCell<u64>,
}

pub struct Ring {
    head: AtomicUsize,
    tail: AtomicUsize,
    slots: Vec<Slot>,
    mask: usize,
}

unsafe impl Sync for Ring {}

pub struct Producer(Arc<Ring>);
pub struct Consumer(Arc<Ring>);

impl Consumer {
    pub fn try_pop(&self) -> Option<u64> {
        let r = &self.0;
        let head = r.head.load(Ordering::Relaxed);
        let slot = &r.slots[head & r.mask];
        if !slot.has_value.load(Ordering::Acquire) {
            return None;
        }
        let v = unsafe { *slot.value.get() };
        slot.has_value.store(false, Ordering::Release);
        r.head.store(head + 1, Ordering::Relaxed);
        Some(v)
    }
}

impl Producer {
    pub fn try_push(&self, v: u64) -> bool {
        let r = &self.0;
        let tail = r.tail.load(Ordering::Relaxed);
        let slot = &r.slots[tail & r.mask];
        if slot.has_value.load(Ordering::Acquire) {
            return false;
        }
        unsafe { *slot.value.get() = v };
        slot.has_value.store(true, Ordering::Release);
        r.tail.store(tail + 1, Ordering::Relaxed);
        true
    }
}

pub fn split(n: usize) -> (Producer, Consumer) {
    let slots = (0..n)
        .map(|_| Slot { has_value: AtomicBool::new(false), value: UnsafeCell::new(0) })
        .collect();
    let r = Arc::new(Ring { head: AtomicUsize::new(0), tail: AtomicUsize::new(0), slots, mask: n - 1 });
    (Producer(r.clone()), Consumer(r))
}
