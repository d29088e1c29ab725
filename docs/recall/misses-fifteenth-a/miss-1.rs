use parking_lot::RwLock;
use std::collections::HashMap;

#[derive(Clone)]
pub struct Pending {
    pub columns: usize,
    pub reconstruction_started: bool,
}

pub struct Inner {
    critical: RwLock<HashMap<u64, Pending>>,
}

impl Inner {
    pub fn peek<R, F: FnOnce(Option<&Pending>) -> R>(&self, root: &u64, f: F) -> R {
        f(self.critical.read().get(root))
    }

    pub fn set_reconstruction_started(&self, root: &u64) {
        if let Some(p) = self.critical.write().get_mut(root) {
            p.reconstruction_started = true;
        }
    }
}

pub struct Checker {
    cache: Inner,
}

impl Checker {
    fn should_reconstruct(&self, p: &Pending) -> bool {
        p.columns >= 64 && !p.reconstruction_started
    }

    pub fn reconstruct(&self, root: &u64) -> Option<Pending> {
        let Some(pending) = self.cache.peek(root, |p| p.cloned()) else {
            return None;
        };
        if !self.should_reconstruct(&pending) {
            return None;
        }
        self.cache.set_reconstruction_started(root);
        Some(pending)
    }
}
