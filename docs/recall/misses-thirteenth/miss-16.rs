// restate d4131d724 shape: the notification future is created (through a wrapper, notified_owned) only after the failed try_reserve.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use tokio::sync::futures::OwnedNotified;
use tokio::sync::Notify;

pub struct MemoryPool {
    used: AtomicUsize,
    capacity: usize,
    notify: Arc<Notify>,
}

impl MemoryPool {
    pub fn try_reserve(&self, n: usize) -> bool {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |u| {
                (u + n <= self.capacity).then_some(u + n)
            })
            .is_ok()
    }

    pub fn release(&self, n: usize) {
        self.used.fetch_sub(n, Ordering::AcqRel);
        self.notify.notify_waiters();
    }

    pub fn availability_notified(&self) -> OwnedNotified {
        Arc::clone(&self.notify).notified_owned()
    }
}

pub struct BudgetedStream {
    pool: Arc<MemoryPool>,
    deficit: usize,
    notified: Option<Pin<Box<OwnedNotified>>>,
}

impl BudgetedStream {
    pub fn poll_budget(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            if let Some(n) = self.notified.as_mut() {
                if n.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                self.notified = None;
            }
            if self.pool.try_reserve(self.deficit) {
                self.deficit = 0;
                return Poll::Ready(());
            }
            // created only after the failed check: a release() in between is lost
            let mut n = Box::pin(self.pool.availability_notified());
            let _ = n.as_mut().poll(cx);
            self.notified = Some(n);
            return Poll::Pending;
        }
    }
}
