use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::futures::OwnedNotified;
use tokio::sync::Notify;
pub struct MemoryPool { used: AtomicUsize, capacity: usize, notify: Arc<Notify> }
impl MemoryPool {
    pub fn try_reserve(&self, n: usize) -> bool {
        self.used.fetch_update(Ordering::AcqRel, Ordering::Acquire, |u| (u + n <= self.capacity).then_some(u + n)).is_ok()
    }
    pub fn release(&self, n: usize) {
        self.used.fetch_sub(n, Ordering::AcqRel);
        self.notify.notify_waiters();
    }
    pub fn availability_notified(&self) -> OwnedNotified {
        Arc::clone(&self.notify).notified_owned()
    }
    pub async fn reserve(&self, n: usize) {
        while !self.try_reserve(n) {
            Arc::clone(&self.notify).notified_owned().await;
        }
    }
}
