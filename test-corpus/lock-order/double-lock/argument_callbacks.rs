// A helper that calls its closure with a temporary guard of its own lock as the argument
// (`f(&mut self.value.write().unwrap())`, tikv's `VersionTrack::update`): the closure runs
// while that guard is held, and a closure that reads the same object through its accessor
// never gets the read lock.
use std::sync::{Arc, RwLock, RwLockReadGuard};

pub struct Track<T> {
    value: RwLock<T>,
}

impl<T> Track<T> {
    pub fn update<F: FnOnce(&mut T)>(&self, f: F) {
        f(&mut self.value.write().unwrap())
    }

    pub fn value(&self) -> RwLockReadGuard<'_, T> {
        self.value.read().unwrap()
    }
}

pub struct Writers {
    senders: Track<Vec<usize>>,
}

impl Writers {
    pub fn grow(&self) {
        self.senders.update(|s| { //~ double-lock
            let n = self.senders.value().len();
            s.push(n);
        });
    }
}

pub fn grow_shared(w: Arc<Writers>) {
    w.senders.update(|s| { //~ double-lock
        let n = w.senders.value().len();
        s.push(n);
    });
}
