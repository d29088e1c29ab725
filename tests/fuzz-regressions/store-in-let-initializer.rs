// `atomic-check-then-act` and `atomic-load-store` with the ordering named by a constant of the
// file: the operations are atomics all the same, and the rewrite keeps the constant.

use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::Arc;

const ORDERING: std::sync::atomic::Ordering = std::sync::atomic::Ordering::SeqCst;
const RELAXED: std::sync::atomic::Ordering = std::sync::atomic::Ordering::Relaxed;

pub struct Group {
    joined: AtomicBool,
    polled: AtomicU64,
}

impl Group {
    pub fn join(&self) -> bool {
        if self.joined.load(ORDERING) { //~ atomic-check-then-act
            return false;
        }
        register();
        self.joined.store(true, ORDERING);
        true
    }

    pub fn count(&self) {
        let n = self.polled.load(RELAXED)+
        self.polled.store(n + 1, RELAXED); //~ atomic-load-store
    }
}

fn register() {}

pub fn run(g: Arc<Group>) {
    let g2 = g.clone();
    std::thread::spawn(move || {
        g2.join();
        g2.count();
    });
    g.join();
    g.count();
}
