// A free function polled by a task: the interrupt flag is consumed with `swap`, and only when
// it was clear is the waker registered; an `interrupt()` in between wakes nobody.
use futures::task::AtomicWaker;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

pub struct Task {
    interrupted: AtomicBool,
    interrupt_waker: AtomicWaker,
}

pub fn poll_interrupt(t: &Task, cx: &mut Context<'_>) -> Poll<()> {
    if t.interrupted.swap(false, Ordering::AcqRel) {
        Poll::Ready(())
    } else {
        t.interrupt_waker.register(cx.waker()); //~ waker-after-check
        Poll::Pending
    }
}

pub fn interrupt(t: &Task) {
    t.interrupted.store(true, Ordering::Release);
    t.interrupt_waker.wake();
}
