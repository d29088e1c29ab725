// Check (fast path), register, check again: the second check sees a change that raced with
// the registration.
use futures::task::AtomicWaker;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

pub struct Slots {
    free: AtomicUsize,
    waker: AtomicWaker,
}

impl Slots {
    pub fn poll_free(&self, cx: &mut Context<'_>) -> Poll<usize> {
        let n = self.free.load(Ordering::Acquire);
        if n > 0 {
            return Poll::Ready(n);
        }
        self.waker.register(cx.waker());
        let n = self.free.load(Ordering::Acquire);
        if n > 0 {
            return Poll::Ready(n);
        }
        Poll::Pending
    }
}
