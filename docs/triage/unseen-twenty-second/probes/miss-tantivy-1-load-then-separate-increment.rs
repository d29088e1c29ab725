// Miss, tantivy 21192db59 (parent 0f246ba9, 2016): "Fixed race condition in pool". Written
// from scratch. A pool of searchers tags each published item with a generation number:
// `publish` reads the counter (through a getter), tags the new items with `current + 1`,
// pushes them, and then bumps the counter with a separate `fetch_add` (through another
// method). Commit (the user's thread) and the end of a merge (the segment-updater thread) both
// publish. Two publishers read the same value, both tag their items `g + 1`, and the counter
// ends at `g + 2`: `acquire` discards every item as obsolete and waits forever on the empty
// queue. The fix reserves the number with one `fetch_add` and uses its result. racelint
// reports `let v = a.load(); a.store(v + 1)` (`publish_store`, contrast: atomic-load-store),
// but not a load whose value is used and a separate `fetch_add` that is meant to match it
// (`publish_inline`), nor the load and the add hidden in two small methods (`publish`), nor
// `let next = a.load() + 1; a.store(next)` (`publish_store_let`).
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub struct Tagged<T> {
    pub generation: usize,
    pub item: T,
}

pub struct Pool<T> {
    queue: Mutex<Vec<Tagged<T>>>,
    generation: AtomicUsize,
}

impl<T> Pool<T> {
    fn generation(&self) -> usize {
        self.generation.load(Ordering::Acquire)
    }

    fn inc_generation(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    pub fn publish(&self, items: Vec<T>) {
        let next = self.generation() + 1;
        let mut q = self.queue.lock().unwrap();
        for item in items {
            q.push(Tagged { generation: next, item });
        }
        drop(q);
        self.inc_generation();
    }

    // The same, inline.
    pub fn publish_inline(&self, items: Vec<T>) {
        let next = self.generation.load(Ordering::Acquire) + 1;
        let mut q = self.queue.lock().unwrap();
        for item in items {
            q.push(Tagged { generation: next, item });
        }
        drop(q);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    // Also silent: a load plus one bound by `let`, then stored. The same with the `+ 1` at
    // the store (`publish_store`) is reported.
    pub fn publish_store_let(&self, items: Vec<T>) {
        let next = self.generation.load(Ordering::Acquire) + 1;
        self.queue.lock().unwrap().extend(items.into_iter().map(|item| Tagged { generation: next, item }));
        self.generation.store(next, Ordering::SeqCst);
    }

    // Contrast: reported (atomic-load-store).
    pub fn publish_store(&self, items: Vec<T>) {
        let cur = self.generation.load(Ordering::Acquire);
        self.queue.lock().unwrap().extend(items.into_iter().map(|item| Tagged { generation: cur + 1, item }));
        self.generation.store(cur + 1, Ordering::SeqCst);
    }

    pub fn acquire(&self) -> Option<Tagged<T>> {
        let current = self.generation.load(Ordering::Acquire);
        let mut q = self.queue.lock().unwrap();
        q.retain(|t| t.generation >= current);
        q.pop()
    }
}
