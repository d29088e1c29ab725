// tokio: the flag is checked, then `notified()` is created; `notify_waiters` stores no permit,
// so a `set` between the check and the `.await` is lost.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::sync::Notify;

pub struct Ready {
    flag: AtomicBool,
    notify: Notify,
}

impl Ready {
    pub async fn wait(&self) {
        while !self.flag.load(Ordering::Acquire) {
            self.notify.notified().await; //~ notified-after-check
        }
    }

    pub fn set(&self) {
        self.flag.store(true, Ordering::Release);
        self.notify.notify_waiters();
    }
}

pub async fn run(r: Arc<Ready>) {
    let r2 = Arc::clone(&r);
    tokio::spawn(async move { r2.wait().await });
    r.set();
}
