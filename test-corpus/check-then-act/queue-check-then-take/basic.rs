use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

// A lock-free queue popped through `&self` (only a concurrent type allows that).
pub struct Pool<Q> {
    jobs: Q,
}

pub trait Queue {
    fn is_empty(&self) -> bool;
    fn len(&self) -> usize;
    fn pop(&self) -> Option<u64>;
}

impl<Q: Queue> Pool<Q> {
    pub fn next_job(&self) -> Option<u64> {
        if self.jobs.is_empty() { //~ queue-check-then-take
            return None;
        }
        Some(self.jobs.pop().unwrap())
    }

    pub fn drain_one(&self) -> u64 {
        if self.jobs.len() > 0 { //~ queue-check-then-take
            self.jobs.pop().expect("checked above")
        } else {
            0
        }
    }
}

// A `Mutex<VecDeque<_>>` tested under one guard and popped under another.
pub struct Inbox {
    queue: Mutex<VecDeque<String>>,
}

impl Inbox {
    pub fn take(&self) -> Option<String> {
        if !self.queue.lock().unwrap().is_empty() { //~ queue-check-then-take
            let m = self.queue.lock().unwrap().pop_front().unwrap();
            return Some(m);
        }
        None
    }
}

// A free function over a shared `Arc<Mutex<Vec<_>>>`.
pub fn steal(stack: &Arc<Mutex<Vec<u64>>>) -> u64 {
    if stack.lock().unwrap().len() != 0 { //~ queue-check-then-take
        return stack.lock().unwrap().pop().unwrap();
    }
    0
}
