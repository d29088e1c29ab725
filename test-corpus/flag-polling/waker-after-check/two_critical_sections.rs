// The state and the waker slot share one mutex, but the check and the registration take it
// twice: `close` can run in between, find no waker, and the reader is never woken.
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
        let closed = self.inner.lock().unwrap().closed;
        if closed {
            return Poll::Ready(());
        }
        self.inner.lock().unwrap().waker = Some(cx.waker().clone()); //~ waker-after-check
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
