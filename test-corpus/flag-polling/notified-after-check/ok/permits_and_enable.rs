// Near misses: `notify_one` stores a permit; the future is created and enabled before the
// check; no check before the await.
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;

pub struct Ready {
    flag: AtomicBool,
    notify: Notify,
}

impl Ready {
    pub async fn wait(&self) {
        while !self.flag.load(Ordering::Acquire) {
            self.notify.notified().await;
        }
    }
    pub fn set(&self) {
        self.flag.store(true, Ordering::Release);
        self.notify.notify_one();
    }
}

pub struct Broadcast {
    flag: AtomicBool,
    notify: Notify,
}

impl Broadcast {
    pub async fn wait(&self) {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.flag.load(Ordering::Acquire) {
                return;
            }
            notified.await;
        }
    }

    pub async fn next_tick(&self) {
        self.notify.notified().await;
    }

    pub fn set(&self) {
        self.flag.store(true, Ordering::Release);
        self.notify.notify_waiters();
    }
}
