//! Near misses of `watch_ref.rs`: the value is copied out of the `watch::Ref` before the
//! `.await`, or the `Ref` is dropped first.
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
        let limit = self.config.borrow_and_update().limit;
        work(limit).await;
    }

    pub async fn wait(&mut self) {
        while self.config.changed().await.is_ok() {
            let limit = {
                let config = self.config.borrow();
                config.limit
            };
            work(limit).await;
        }
    }
}

pub async fn run_with(rx: watch::Receiver<Config>) {
    let config = rx.borrow();
    let limit = config.limit;
    drop(config);
    work(limit).await;
}
