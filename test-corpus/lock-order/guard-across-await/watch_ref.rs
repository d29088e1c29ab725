//! A `watch::Ref` (from `borrow()` / `borrow_and_update()`) holds the channel's read lock: held
//! across an `.await` it blocks the sender's `send` for as long as the task is suspended (and
//! deadlocks when the awaited work waits for that send).
use tokio::sync::watch;

pub struct Config {
    pub limit: u32,
}

pub struct Worker {
    config: watch::Receiver<Config>,
}

async fn work(_limit: u32) {}

impl Worker {
    pub async fn run(&mut self) {
        let config = self.config.borrow_and_update(); //~ guard-across-await
        work(config.limit).await;
    }
}

pub async fn run_with(rx: watch::Receiver<Config>) {
    let config = rx.borrow(); //~ guard-across-await
    work(config.limit).await;
    work(config.limit + 1).await;
}

/// The `Ref` that `wait_for(..).await` gives, kept across the next `.await`.
pub async fn wait_then_work(rx: &mut watch::Receiver<Config>) {
    let ready = rx.wait_for(|c| c.limit > 0).await.unwrap(); //~ guard-across-await
    work(ready.limit).await;
}
