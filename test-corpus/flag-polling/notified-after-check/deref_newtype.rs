// The waiter reaches the pool through a newtype that derefs to it (`Handle(Arc<Pool>)`): the
// `Notify` it waits on is the pool's, which `release` wakes with `notify_waiters()`.
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::Notify;

pub struct Pool {
    free: AtomicUsize,
    returned: Notify,
}

impl Pool {
    pub fn release(&self) {
        self.free.fetch_add(1, Ordering::AcqRel);
        self.returned.notify_waiters();
    }
}

pub struct Handle(Arc<Pool>);

impl Deref for Handle {
    type Target = Pool;
    fn deref(&self) -> &Pool {
        &self.0
    }
}

pub struct Client {
    pool: Handle,
}

impl Client {
    pub async fn acquire(&self) {
        while self.pool.free.load(Ordering::Acquire) == 0 {
            self.pool.returned.notified().await; //~ notified-after-check
        }
        self.pool.free.fetch_sub(1, Ordering::AcqRel);
    }
}
