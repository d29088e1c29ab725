// Re-checked waits: `while`, `wait_while`, `loop` with a check that breaks, a helper whose
// caller loops, a timed wait under `if` (a bounded nap).
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

pub struct Queue {
    items: Mutex<Vec<u32>>,
    nonempty: Condvar,
}

impl Queue {
    pub fn pop_while(&self) -> Option<u32> {
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            items = self.nonempty.wait(items).unwrap();
        }
        items.pop()
    }

    pub fn pop_wait_while(&self) -> Option<u32> {
        let mut items = self
            .nonempty
            .wait_while(self.items.lock().unwrap(), |i| i.is_empty())
            .unwrap();
        items.pop()
    }

    pub fn pop_loop(&self) -> u32 {
        let mut items = self.items.lock().unwrap();
        loop {
            if let Some(v) = items.pop() {
                return v;
            }
            items = self.nonempty.wait(items).unwrap();
        }
    }

    fn block<'a>(&self, g: MutexGuard<'a, Vec<u32>>) -> MutexGuard<'a, Vec<u32>> {
        self.nonempty.wait(g).unwrap()
    }

    pub fn pop_helper(&self) -> u32 {
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            items = self.block(items);
        }
        items.pop().unwrap()
    }

    pub fn nap(&self) {
        let items = self.items.lock().unwrap();
        if items.is_empty() {
            let _ = self.nonempty.wait_timeout(items, Duration::from_millis(5)).unwrap();
        }
    }

    pub fn push(&self, v: u32) {
        self.items.lock().unwrap().push(v);
        self.nonempty.notify_all();
    }
}
