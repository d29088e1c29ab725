// The check and the registration under one guard: `close` takes the same lock to change the
// state and take the waker, so it runs entirely before or after.
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

struct Inner {
    closed: bool,
    waker: Option<Waker>,
}

pub struct Gate {
    inner: Mutex<Inner>,
}

impl Gate {
    pub fn poll_closed(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut g = self.inner.lock().unwrap();
        if g.closed {
            return Poll::Ready(());
        }
        g.waker = Some(cx.waker().clone());
        Poll::Pending
    }

    pub fn close(&self) {
        let mut g = self.inner.lock().unwrap();
        g.closed = true;
        if let Some(w) = g.waker.take() {
            w.wake();
        }
    }
}
