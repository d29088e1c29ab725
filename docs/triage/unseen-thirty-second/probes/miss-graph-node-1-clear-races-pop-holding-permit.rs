// Probe (written from scratch) for a missed bug in graphprotocol/graph-node.
// Fix commit: 224196b89 "Fix potential race condition in BoundedQueue.clear()" (parent a4124a42).
//
// What goes wrong: a bounded queue keeps its items in a Mutex<VecDeque> and counts them with
// two semaphores (free slots, filled slots). `pop` first takes a "filled" permit, then locks
// the deque and pops, expecting an item. `clear` locks the deque, empties it in bulk, releases
// the lock and only then takes back the "filled" permits. A pop that got its permit before the
// clear finds the deque empty after it: `expect("queue is not empty")` panics (or, written
// with `if let`, the popper returns nothing while a permit was consumed). The fix clears by
// popping one item at a time through the same permit-then-lock path.
//
// What racelint would need: a counter (semaphore permits) that mirrors the length of a
// collection under a Mutex; an operation that changes the collection and the counter in two
// steps (under the lock, then after it) races any operation that reads the counter first and
// the collection second. Expected: a finding at `clear` (line 48) against `pop` (line 39).
use std::collections::VecDeque;
use std::sync::Mutex;
use tokio::sync::Semaphore;

pub struct Queue<T> {
    items: Mutex<VecDeque<T>>,
    free: Semaphore,
    filled: Semaphore,
}

impl<T> Queue<T> {
    pub fn new(cap: usize) -> Self {
        Queue { items: Mutex::new(VecDeque::new()), free: Semaphore::new(cap), filled: Semaphore::new(0) }
    }

    pub async fn push(&self, item: T) {
        self.free.acquire().await.unwrap().forget();
        self.items.lock().unwrap().push_back(item);
        self.filled.add_permits(1);
    }

    pub async fn pop(&self) -> T {
        self.filled.acquire().await.unwrap().forget();
        let item = self.items.lock().unwrap().pop_front().expect("queue is not empty");
        self.free.add_permits(1);
        item
    }

    pub async fn clear(&self) {
        let n = {
            let mut items = self.items.lock().unwrap();
            let n = items.len();
            items.clear();
            n
        };
        self.free.add_permits(n);
        self.filled.acquire_many(n as u32).await.unwrap().forget();
    }
}
