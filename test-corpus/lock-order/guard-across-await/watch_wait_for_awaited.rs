//! The `watch::Ref` that an awaited `wait_for(..)` gives holds the channel's read lock: bound
//! to a name (directly, in parentheses, through `?`) and kept across a later `.await`, it
//! blocks the sender for as long as the task is suspended.
use tokio::sync::watch;

async fn work(_n: u64) {}

pub async fn bound_with_question(mut rx: watch::Receiver<u64>) -> Result<(), watch::error::RecvError> {
    let v = rx.wait_for(|n| *n > 0).await?; //~ guard-across-await
    work(*v).await;
    Ok(())
}

pub struct Follower {
    tip: watch::Receiver<u64>,
}

impl Follower {
    pub async fn follow(&mut self) {
        let tip = (self.tip.wait_for(|n| *n > 3)).await.expect("sender alive"); //~ guard-across-await
        work(*tip).await;
    }
}
