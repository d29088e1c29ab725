// In a `poll_fn` closure: the counter is matched, and the waker (cloned into a local first) is
// pushed into the waiters' list only in the "nothing yet" arm.
use parking_lot::Mutex;
use std::future::poll_fn;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Poll, Waker};

pub struct Counter {
    value: AtomicUsize,
    waiters: Mutex<Vec<Waker>>,
}

pub async fn wait_nonzero(c: &Counter) -> usize {
    poll_fn(|cx| match c.value.load(Ordering::Acquire) {
        0 => {
            let w = cx.waker().clone();
            c.waiters.lock().push(w); //~ waker-after-check
            Poll::Pending
        }
        n => Poll::Ready(n),
    })
    .await
}

pub fn bump(c: &Counter) {
    c.value.fetch_add(1, Ordering::AcqRel);
    for w in c.waiters.lock().drain(..) {
        w.wake();
    }
}
