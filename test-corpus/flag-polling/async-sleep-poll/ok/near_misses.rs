use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::time::{interval, sleep};

// Notify.
pub async fn wait_notify(ready: Arc<AtomicBool>, notify: Arc<Notify>) {
    while !ready.load(Ordering::Acquire) {
        notify.notified().await;
    }
}

// watch.
pub async fn wait_watch(mut rx: watch::Receiver<bool>) {
    while !*rx.borrow() {
        if rx.changed().await.is_err() {
            return;
        }
    }
}

// The loop does real work between sleeps: a periodic job with a stop flag.
pub async fn periodic(stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        flush().await;
        sleep(Duration::from_secs(1)).await;
    }
}

async fn flush() {}

// A periodic timer that polls no flag.
pub async fn heartbeat() {
    let mut ticker = interval(Duration::from_secs(5));
    loop {
        ticker.tick().await;
        send_heartbeat().await;
    }
}

async fn send_heartbeat() {}

// Retries counted by a local.
pub async fn retry_backoff() {
    let mut tries = 0;
    while tries < 5 {
        sleep(Duration::from_millis(10)).await;
        tries += 1;
    }
}

// Sync code sleeping on an atomic is not async sleep-polling.
pub fn wait_blocking(flag: &AtomicBool) {
    while !flag.load(Ordering::Acquire) {
        std::thread::sleep(Duration::from_millis(10));
    }
}
