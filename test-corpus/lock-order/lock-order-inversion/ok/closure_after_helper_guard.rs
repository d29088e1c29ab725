// The helper releases its guard before it calls the closure, or the closure takes no other
// lock: nothing is nested.
use parking_lot::Mutex;

pub struct Jobs {
    queue: Mutex<Vec<u32>>,
    stats: Mutex<u64>,
}

impl Jobs {
    fn with_snapshot<T>(&self, f: impl FnOnce(&[u32]) -> T) -> T {
        let snapshot = self.queue.lock().clone();
        f(&snapshot)
    }

    fn with_queue<T>(&self, f: impl FnOnce(&mut Vec<u32>) -> T) -> T {
        f(&mut self.queue.lock())
    }

    pub fn count(&self) -> u64 {
        let stats = self.stats.lock();
        let queue = self.queue.lock();
        *stats + queue.len() as u64
    }

    pub fn record(&self) {
        self.with_snapshot(|q| {
            *self.stats.lock() += q.len() as u64;
        });
    }

    pub fn push(&self, job: u32) {
        let n = self.with_queue(|q| {
            q.push(job);
            q.len()
        });
        *self.stats.lock() = n as u64;
    }
}
