// A future checks the flag, then registers its waker: `finish` can store the flag and wake
// between the two, find no waker, and the future sleeps forever.
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
        if self.0.done.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        self.0.waker.register(cx.waker()); //~ waker-after-check
        Poll::Pending
    }
}

pub fn finish(s: &Shared) {
    s.done.store(true, Ordering::Release);
    s.waker.wake();
}
