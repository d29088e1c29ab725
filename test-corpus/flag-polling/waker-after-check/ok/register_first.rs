// Register, then check: a `finish` before the registration is seen by the check, one after it
// finds the waker.
use futures::task::AtomicWaker;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

pub struct Shared {
    done: AtomicBool,
    waker: AtomicWaker,
}

pub struct Done(Arc<Shared>);

impl Future for Done {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.0.waker.register(cx.waker());
        if self.0.done.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

pub fn finish(s: &Shared) {
    s.done.store(true, Ordering::Release);
    s.waker.wake();
}
