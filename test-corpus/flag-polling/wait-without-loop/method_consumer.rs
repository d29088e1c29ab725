// std, a method on a struct: `notify_all` wakes every consumer (and std allows spurious
// wake-ups); the first pops the item, the others go on with an empty queue.
use std::sync::{Condvar, Mutex};

pub struct Queue {
    items: Mutex<Vec<u32>>,
    nonempty: Condvar,
}

impl Queue {
    pub fn pop(&self) -> Option<u32> {
        let mut items = self.items.lock().unwrap();
        if items.is_empty() {
            items = self.nonempty.wait(items).unwrap(); //~ wait-without-loop
        }
        items.pop()
    }

    pub fn push(&self, v: u32) {
        self.items.lock().unwrap().push(v);
        self.nonempty.notify_all();
    }
}
