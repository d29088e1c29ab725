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
