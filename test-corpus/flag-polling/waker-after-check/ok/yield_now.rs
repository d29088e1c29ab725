// Waking itself is no registration: the task is polled again at once.
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

pub fn poll_yield(flag: &AtomicBool, cx: &mut Context<'_>) -> Poll<()> {
    if flag.load(Ordering::Acquire) {
        return Poll::Ready(());
    }
    cx.waker().wake_by_ref();
    Poll::Pending
}
