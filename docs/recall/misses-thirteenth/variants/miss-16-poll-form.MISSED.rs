use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use tokio::sync::Notify;
pub struct MemoryPool { used: AtomicUsize, capacity: usize, notify: Notify }
impl MemoryPool {
    pub fn try_reserve(&self, n: usize) -> bool {
        self.used.fetch_update(Ordering::AcqRel, Ordering::Acquire, |u| (u + n <= self.capacity).then_some(u + n)).is_ok()
    }
    pub fn release(&self, n: usize) {
        self.used.fetch_sub(n, Ordering::AcqRel);
        self.notify.notify_waiters();
    }
    pub fn poll_reserve(&self, cx: &mut Context<'_>, n: usize) -> Poll<()> {
        if self.try_reserve(n) {
            return Poll::Ready(());
        }
        let mut fut = Box::pin(self.notify.notified());
        let _ = fut.as_mut().poll(cx);
        Poll::Pending
    }
}
