// `atomic-check-then-act` is silent where only one actor at a time performs the check and the
// act: a runner's `&mut self` method (the only incrementer; spawned tasks only decrement), a
// method of a type that is not `Sync`, and a warn-once flag whose race only repeats a message.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Manager {
    receiving: Arc<AtomicUsize>,
}

impl Manager {
    pub fn receiving(&self) -> &Arc<AtomicUsize> {
        &self.receiving
    }
}

pub struct Runner {
    mgr: Manager,
    limit: usize,
    pool: tokio::runtime::Handle,
}

impl Runner {
    // The worker's `run(&mut self)` is the only incrementer, through a clone of the counter.
    pub fn run(&mut self) {
        let count = self.mgr.receiving().clone();
        if count.load(Ordering::SeqCst) >= self.limit {
            return;
        }
        count.fetch_add(1, Ordering::SeqCst);
        self.pool.spawn(async move {
            count.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

// A field reached directly through `self`, taken by value.
pub struct Once {
    done: AtomicBool,
}

impl Once {
    pub fn finish(self) -> Self {
        if !self.done.load(Ordering::Acquire) {
            self.done.store(true, Ordering::Release);
            flush();
        }
        self
    }
}

fn flush() {}

// A `RefCell`-owning storage is not `Sync`: its `&self` methods run on one thread.
pub struct Storage {
    state: RefCell<u64>,
    canceled: Arc<AtomicBool>,
}

impl Storage {
    pub fn cancel(&self) {
        let canceled = self.canceled.clone();
        if !canceled.load(Ordering::SeqCst) {
            canceled.store(true, Ordering::SeqCst);
            *self.state.borrow_mut() += 1;
        }
    }
}

// A warn-once flag: two racers both log the warning, nothing else runs twice.
pub struct History {
    errored: Arc<AtomicBool>,
}

impl History {
    pub fn save(&self, r: Result<(), String>) {
        if let Err(e) = r {
            if self.errored.load(Ordering::Relaxed) {
                return;
            }
            self.errored.store(true, Ordering::Relaxed);
            log::warn!("Unable to save history file: {}", e);
        }
    }
}
