use std::collections::VecDeque;
use std::sync::Mutex;

pub trait Queue {
    fn is_empty(&self) -> bool;
    fn pop(&self) -> Option<u64>;
}

pub struct Pool<Q> {
    jobs: Q,
    inbox: Mutex<VecDeque<u64>>,
}

impl<Q: Queue> Pool<Q> {
    // take and test in one step
    pub fn next_job(&self) -> Option<u64> {
        if let Some(j) = self.jobs.pop() {
            return Some(j);
        }
        None
    }

    // the result of the pop is handled, not unwrapped
    pub fn maybe(&self) -> u64 {
        if !self.jobs.is_empty() {
            return self.jobs.pop().unwrap_or(0);
        }
        0
    }

    // one guard over the check and the pop
    pub fn take(&self) -> Option<u64> {
        let mut q = self.inbox.lock().unwrap();
        if !q.is_empty() {
            return Some(q.pop_front().unwrap());
        }
        None
    }

    // `&mut self`: nobody else runs on this object
    pub fn reset(&mut self) -> u64 {
        if !self.inbox.get_mut().unwrap().is_empty() {
            return self.inbox.get_mut().unwrap().pop_front().unwrap();
        }
        0
    }
}

// a local vector nobody else reaches
pub fn last(mut v: Vec<u64>) -> u64 {
    if !v.is_empty() {
        return v.pop().unwrap();
    }
    let mut w = Vec::new();
    w.push(1u64);
    if w.len() > 0 {
        return w.pop().unwrap();
    }
    0
}
