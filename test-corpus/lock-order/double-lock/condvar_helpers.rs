// A helper that waits on a Condvar and returns the guard the wait gives back is a
// guard-returning method: its caller holds a guard of that mutex, and locking it again while
// that guard lives never returns.
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

    fn wait_any(&self) -> MutexGuard<'_, Vec<u32>> {
        self.more.wait(self.queue.lock().unwrap()).unwrap()
    }

    pub fn run_one(&self) {
        let mut queue = self.wait_for_job();
        let job = queue.pop();
        self.queue.lock().unwrap().retain(|j| Some(*j) != job); //~ double-lock
    }

    pub fn peek(&self) -> usize {
        let q = self.wait_any();
        q.len() + self.queued() //~ double-lock
    }

    fn queued(&self) -> usize {
        self.queue.lock().unwrap().len()
    }

    pub fn add(&self, j: u32) {
        self.queue.lock().unwrap().push(j);
        self.more.notify_one();
    }
}

static TICKS: Mutex<u64> = Mutex::new(0);
static TICKED: Condvar = Condvar::new();

fn next_tick() -> MutexGuard<'static, u64> {
    let t = TICKS.lock().unwrap();
    TICKED.wait(t).unwrap()
}

pub fn tick_twice() -> u64 {
    let t = next_tick();
    let now = *t;
    *TICKS.lock().unwrap() = now + 1; //~ double-lock
    now
}
