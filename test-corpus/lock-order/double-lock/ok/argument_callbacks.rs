// The closure a guard-holding helper calls reads ANOTHER object of the same generic type: the
// helper holds `self.senders`'s lock, the closure reads `cfg`'s (tikv's store writers reading
// the config `VersionTrack` inside the senders' `VersionTrack::update`).
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
    cfg: Arc<Track<usize>>,
}

impl Writers {
    pub fn grow(&self) {
        let cfg = self.cfg.clone();
        self.senders.update(move |s| {
            let n = *cfg.value();
            s.push(n);
        });
    }

    pub fn grow_direct(&self) {
        self.senders.update(|s| s.push(*self.cfg.value()));
    }
}
