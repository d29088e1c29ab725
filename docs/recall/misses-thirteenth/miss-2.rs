// iroh daa3b67fe5 shape: epoch loaded, then the waker pushed without re-checking the epoch.
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll, Waker};

struct Shared<T> {
    value: RwLock<Option<T>>,
    epoch: AtomicU64,
    watchers: RwLock<VecDeque<Waker>>,
}

impl<T: Clone> Shared<T> {
    fn get(&self) -> Option<T> {
        self.value.read().unwrap().clone()
    }

    fn poll_next(&self, cx: &mut Context<'_>, last_epoch: u64) -> Poll<(u64, T)> {
        let epoch = self.epoch.load(Ordering::Acquire);
        if last_epoch == epoch {
            self.watchers
                .write()
                .unwrap()
                .push_back(cx.waker().to_owned());
            Poll::Pending
        } else {
            Poll::Ready((epoch, self.get().expect("never None")))
        }
    }
}

pub struct Watchable<T> {
    shared: Arc<Shared<T>>,
}

impl<T: Clone + Eq> Watchable<T> {
    pub fn set(&self, value: T) -> Option<T> {
        let old = std::mem::replace(&mut *self.shared.value.write().unwrap(), Some(value));
        self.shared.epoch.fetch_add(1, Ordering::AcqRel);
        for watcher in self.shared.watchers.write().unwrap().drain(..) {
            watcher.wake();
        }
        old
    }
}
