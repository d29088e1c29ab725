// The guard a Condvar wait gives back, released before the mutex is locked again, or a wait
// whose result is not kept.
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

pub struct Queue {
    items: Mutex<VecDeque<u64>>,
    stats: Mutex<u64>,
    ready: Condvar,
}

impl Queue {
    // dropped before the lock is taken again
    pub fn pop_then_count(&self) -> usize {
        let items = self.items.lock().unwrap();
        let items = self.ready.wait(items).unwrap();
        let first = items.front().copied();
        drop(items);
        self.items.lock().unwrap().len() + first.unwrap_or(0) as usize
    }

    // the rebound guard lives in an inner block only
    pub fn wait_nonempty(&self) {
        let items = self.items.lock().unwrap();
        {
            let mut items = self.ready.wait_while(items, |q| q.is_empty()).unwrap();
            items.pop_front();
        }
        self.items.lock().unwrap().pop_front();
    }

    // another mutex locked after the wait
    pub fn count_wakeups(&self) {
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            items = self.ready.wait(items).unwrap();
        }
        *self.stats.lock().unwrap() += 1;
        items.pop_front();
    }

    // the `(guard, timeout)` pair kept whole and its guard moved out by `.0`, released before
    // the lock is taken again
    pub fn pair_kept(&self) {
        let mut items = self.items.lock().unwrap();
        let res = self.ready.wait_timeout(items, Duration::from_millis(5)).unwrap();
        items = res.0;
        items.pop_front();
        drop(items);
        self.items.lock().unwrap().clear();
    }

    // the wait's result is not kept: the guard dies with the statement
    pub fn wait_once(&self) {
        let items = self.items.lock().unwrap();
        self.ready
            .wait_timeout(items, Duration::from_millis(10))
            .unwrap();
        self.items.lock().unwrap().clear();
    }

    pub fn wait_discarded(&self) {
        let items = self.items.lock().unwrap();
        let _ = self.ready.wait(items);
        self.items.lock().unwrap().clear();
    }

    // the rebound guard is handed on, and the lock taken after
    pub fn hand_on(&self) -> usize {
        let items = self.items.lock().unwrap();
        let items = self.ready.wait(items).unwrap();
        let n = consume(items);
        n + self.items.lock().unwrap().len()
    }

    // the guard comes back to the caller, who holds it
    pub fn wait_ready(&self) -> MutexGuard<'_, VecDeque<u64>> {
        let items = self.items.lock().unwrap();
        self.ready.wait_while(items, |q| q.is_empty()).unwrap()
    }

    // reassigned from the wait, then released before the lock is taken again
    pub fn reassigned_then_dropped(&self) {
        let mut items = self.items.lock().unwrap();
        items = self.ready.wait(items).unwrap();
        items.clear();
        drop(items);
        self.items.lock().unwrap().push_back(1);
    }
}

fn consume(g: MutexGuard<'_, VecDeque<u64>>) -> usize {
    g.len()
}

// a parking_lot Condvar borrows the guard; dropped before the relock
pub struct Slot {
    value: parking_lot::Mutex<Option<u64>>,
    filled: parking_lot::Condvar,
}

impl Slot {
    pub fn take(&self) -> u64 {
        let mut v = self.value.lock();
        self.filled.wait_while(&mut v, |v| v.is_none());
        let out = v.take().unwrap_or(0);
        drop(v);
        self.value.lock().replace(out);
        out
    }
}
