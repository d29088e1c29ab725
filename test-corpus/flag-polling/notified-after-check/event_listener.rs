// `event_listener::Event`: the listener is created after the check, and `notify(n)` wakes only
// listeners that exist, so a close between the check and `listen()` is never seen.
use event_listener::Event;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Gate {
    open: AtomicBool,
    opened: Event,
}

impl Gate {
    pub fn open(&self) {
        self.open.store(true, Ordering::Release);
        self.opened.notify(usize::MAX);
    }

    pub async fn wait_open(&self) {
        if !self.open.load(Ordering::Acquire) {
            self.opened.listen().await; //~ notified-after-check
        }
    }
}

pub async fn run(g: Arc<Gate>) {
    let g2 = Arc::clone(&g);
    tokio::spawn(async move { g2.wait_open().await });
    g.open();
}
