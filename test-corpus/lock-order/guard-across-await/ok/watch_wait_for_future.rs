//! `watch::Receiver::wait_for(f)` is an `async fn`: calling it builds a future that holds no
//! lock until it is polled, and the `watch::Ref` it yields exists only as the output of the
//! `.await`. A future bound to a name and raced in `select!`, wrapped in `timeout(..)` or
//! handed to a helper holds nothing across the later awaits.
use std::time::Duration;
use tokio::sync::watch;

async fn download(n: u64) -> u64 {
    n + 1
}

/// The future raced in `select!`, its output matched with `_` and dropped.
pub async fn race_then_download(
    mut latest: watch::Receiver<u64>,
    mut consensus: watch::Receiver<u64>,
) -> u64 {
    let ready = latest.wait_for(|n| *n > 0);
    let changed = consensus.changed();
    tokio::select! {
        _ = changed => {}
        _ = ready => {}
    }
    let mut head = 0;
    for _ in 0..3 {
        head = download(head).await;
    }
    head
}

/// The future awaited through `timeout(..)`: the `Ref` is a temporary of that statement.
pub async fn with_timeout(mut rx: watch::Receiver<u64>) -> u64 {
    let _ = tokio::time::timeout(Duration::from_secs(1), rx.wait_for(|n| *n > 1)).await;
    download(1).await
}

async fn first<A: std::future::Future, B: std::future::Future>(a: A, _b: B) {
    a.await;
}

/// Two futures of one receiver's channel handed to a helper: neither holds the read lock.
pub struct Sync {
    head: watch::Receiver<u64>,
    tip: watch::Receiver<u64>,
}

impl Sync {
    pub async fn wait_either(&mut self) -> u64 {
        let a = self.head.wait_for(|n| *n > 0);
        let b = self.tip.wait_for(|n| *n > 0);
        first(a, b).await;
        download(2).await
    }
}
