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

/// `wait_for(..).await` gives a `watch::Ref` once the wait returns: no guard is held across
/// that `.await`, and the value is copied out before the next one.
pub async fn wait_ready(rx: &mut watch::Receiver<Config>) -> u32 {
    let limit = rx
        .wait_for(|c| c.limit > 0)
        .await
        .map(|c| c.limit)
        .unwrap_or(0);
    work(limit).await;
    limit
}
