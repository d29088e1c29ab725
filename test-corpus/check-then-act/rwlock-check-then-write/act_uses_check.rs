// Near-misses of the re-reading acts: the act under the write guard carries what the read
// check saw (a count drained by the stale length), or does more with the guard than re-read
// the collection.
use std::collections::VecDeque;
use std::sync::{Arc, RwLock};

pub struct Batcher {
    queue: RwLock<VecDeque<u64>>,
    seen: RwLock<Vec<u64>>,
}

impl Batcher {
    // `drain(..n)` with the length read under the read guard: another thread may have taken
    // items in between, and the range then runs past the end (a panic)
    pub fn take_batch(&self) -> Vec<u64> {
        let n = self.queue.read().unwrap().len(); //~ rwlock-check-then-write
        if n >= 16 {
            let mut q = self.queue.write().unwrap();
            return q.drain(..n).collect();
        }
        Vec::new()
    }

    // the guard also pushes, on the strength of the check
    pub fn record(&self, id: u64) {
        if !self.seen.read().unwrap().contains(&id) { //~ rwlock-check-then-write
            let mut s = self.seen.write().unwrap();
            s.retain(|x| *x != 0);
            s.push(id);
        }
    }
}

pub fn run(b: Arc<Batcher>) {
    for i in 0..4 {
        let b = b.clone();
        std::thread::spawn(move || {
            b.record(i);
            b.take_batch()
        });
    }
}
