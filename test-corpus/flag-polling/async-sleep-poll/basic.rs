use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::{interval, sleep};

// An async fn sleep-polls an atomic flag.
pub async fn wait_ready(flag: Arc<AtomicBool>) {
    while !flag.load(Ordering::Acquire) { //~ async-sleep-poll
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

// A spawned task sleep-polls a value behind an async mutex.
pub fn spawn_watcher(state: Arc<Mutex<bool>>) {
    tokio::spawn(async move {
        loop {
            if *state.lock().await { //~ async-sleep-poll
                break;
            }
            sleep(Duration::from_millis(50)).await;
        }
    });
}

// A method waits for in-flight requests to drain.
pub struct Server {
    pending: AtomicUsize,
}

impl Server {
    pub async fn drain(&self) {
        while self.pending.load(Ordering::SeqCst) > 0 { //~ async-sleep-poll
            sleep(Duration::from_millis(100)).await;
        }
    }
}

// An interval ticks between checks.
pub async fn wait_with_ticker(ready: &AtomicBool) {
    let mut ticker = interval(Duration::from_millis(20));
    loop {
        ticker.tick().await;
        if ready.load(Ordering::Acquire) { //~ async-sleep-poll
            break;
        }
    }
}
