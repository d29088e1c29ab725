// A lock-free fast path, then the same counter checked again under the waiters' lock that the
// notifier takes before waking: the second check is the one that decides.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

pub struct Mailbox {
    counter: AtomicUsize,
    wakers: Mutex<Vec<Waker>>,
}

impl Mailbox {
    pub fn poll_change(&self, seen: &mut usize, cx: &mut Context<'_>) -> Poll<()> {
        let now = self.counter.load(Ordering::SeqCst);
        if now != *seen {
            *seen = now;
            return Poll::Ready(());
        }
        let mut wakers = self.wakers.lock().unwrap();
        let now = self.counter.load(Ordering::SeqCst);
        if now != *seen {
            *seen = now;
            return Poll::Ready(());
        }
        wakers.push(cx.waker().clone());
        Poll::Pending
    }

    pub fn notify(&self) {
        let mut wakers = self.wakers.lock().unwrap();
        self.counter.fetch_add(1, Ordering::SeqCst);
        for w in wakers.drain(..) {
            w.wake();
        }
    }
}
