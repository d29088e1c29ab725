// A guard handed to `Condvar::wait` / `wait_while` / `wait_timeout` by value comes back from
// the wait still locked: the wait releases the mutex only while the thread sleeps and takes it
// again before it returns. The binding of the result (`let g = cv.wait(g).unwrap()`, `g =
// cv.wait_while(g, ..).unwrap()`, `let (g, _) = cv.wait_timeout(g, d).unwrap()`) holds a
// guard of the same mutex, so locking it again while that binding lives never returns.
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

pub struct Queue {
    items: Mutex<VecDeque<u64>>,
    ready: Condvar,
}

impl Queue {
    // `let` rebinding of the wait's result, then the lock again
    pub fn pop_then_count(&self) -> usize {
        let items = self.items.lock().unwrap();
        let items = self.ready.wait(items).unwrap();
        let first = items.front().copied();
        let n = self.items.lock().unwrap().len(); //~ double-lock
        n + first.unwrap_or(0) as usize
    }

    // the loop reassigns the guard to the wait's result: still held after the loop
    pub fn wait_nonempty(&self) {
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            items = self.ready.wait(items).unwrap();
        }
        self.items.lock().unwrap().pop_front(); //~ double-lock
    }

    // `wait_while` with its predicate, assigned back, and a poisoned guard taken as it is
    pub fn drain_when_ready(&self) -> Vec<u64> {
        let mut items = self.items.lock().unwrap_or_else(PoisonError::into_inner);
        items = self
            .ready
            .wait_while(items, |q| q.is_empty())
            .unwrap_or_else(PoisonError::into_inner);
        let out: Vec<u64> = self.items.lock().unwrap().drain(..).collect(); //~ double-lock
        out
    }

    // the guard taken in the wait's argument, bound under another name
    pub fn next_or_zero(&self) -> u64 {
        let ready = self
            .ready
            .wait_while(self.items.lock().unwrap(), |q| q.is_empty())
            .unwrap();
        let len = ready.len();
        self.items.lock().unwrap().pop_back().unwrap_or(len as u64) //~ double-lock
    }

    // a `match` on the wait's result that yields the guard either way
    pub fn peek_front(&self) -> Option<u64> {
        let g = self.items.lock().unwrap();
        let g = match self.ready.wait(g) {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        let front = g.front().copied();
        self.clear(); //~ double-lock
        front
    }

    fn clear(&self) {
        self.items.lock().unwrap().clear();
    }

    pub fn push(&self, v: u64) {
        self.items.lock().unwrap().push_back(v);
        self.ready.notify_all();
    }
}

// free functions over statics: `wait_timeout` gives a tuple whose first element is the guard
static PENDING: Mutex<u64> = Mutex::new(0);
static CHANGED: Condvar = Condvar::new();

pub fn settle(limit: Duration) -> u64 {
    let pending = PENDING.lock().unwrap();
    let (pending, _timeout) = CHANGED.wait_timeout(pending, limit).unwrap();
    let seen = *pending;
    *PENDING.lock().unwrap() = 0; //~ double-lock
    seen
}

pub fn settle_field(limit: Duration) -> u64 {
    let pending = PENDING.lock().unwrap();
    let pending = CHANGED.wait_timeout(pending, limit).unwrap().0;
    let seen = *pending;
    *PENDING.lock().unwrap() += 1; //~ double-lock
    seen
}

fn reset<T>(g: MutexGuard<'_, T>) -> MutexGuard<'_, T> {
    g
}

// a closure on a thread, the mutex and condvar in one `Arc`'d pair
pub fn start(pair: Arc<(Mutex<bool>, Condvar)>) {
    std::thread::spawn(move || {
        let (lock, cvar) = &*pair;
        let mut started = lock.lock().unwrap();
        started = cvar.wait_while(started, |s| !*s).unwrap();
        let _g = reset(lock.lock().unwrap()); //~ double-lock
        let _ = *started;
    });
}
