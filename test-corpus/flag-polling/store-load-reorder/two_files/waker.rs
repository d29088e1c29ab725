use crate::shared::Shared;
use std::sync::atomic::Ordering;

pub fn wake(s: &Shared, t: &std::thread::Thread) {
    s.pending.store(true, Ordering::Release);
    if s.parked.load(Ordering::Acquire) {
        t.unpark();
    }
}
