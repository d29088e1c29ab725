// Helpers that wait on a Condvar and return the guard, whose callers release it before locking
// again (or keep only a value computed under it).
use std::sync::{Condvar, Mutex, MutexGuard};

pub struct Jobs {
    queue: Mutex<Vec<u32>>,
    more: Condvar,
}

impl Jobs {
    fn wait_for_job(&self) -> MutexGuard<'_, Vec<u32>> {
        let queue = self.queue.lock().unwrap();
        self.more.wait_while(queue, |q| q.is_empty()).unwrap()
    }

    // the guard is a temporary of the `let`: dead at its `;`
    pub fn count(&self) -> usize {
        let n = self.wait_for_job().len();
        n + self.queue.lock().unwrap().len()
    }

    // released before the lock is taken again
    pub fn run_one(&self) {
        let mut queue = self.wait_for_job();
        let job = queue.pop();
        drop(queue);
        self.queue.lock().unwrap().retain(|j| Some(*j) != job);
    }

    // waits, and returns a value rather than the guard
    fn wait_len(&self) -> usize {
        let queue = self.queue.lock().unwrap();
        let queue = self.more.wait(queue).unwrap();
        queue.len()
    }

    pub fn twice(&self) -> usize {
        let n = self.wait_len();
        n + self.queue.lock().unwrap().len()
    }
}
