//! Two `wait_for(..)` futures of one `watch` channel built before a `select!`: a pending
//! future holds no read lock (each poll borrows and releases it), so building the second
//! while the first exists takes nothing twice.
use tokio::sync::watch;

pub async fn either(rx: watch::Receiver<u64>, mut other: watch::Receiver<u64>) {
    let mut a = rx.clone();
    let high = a.wait_for(|n| *n > 10);
    let low = other.wait_for(|n| *n < 5);
    tokio::select! {
        _ = high => {}
        _ = low => {}
    }
}

pub struct Waiter {
    rx: watch::Receiver<u64>,
}

impl Waiter {
    pub async fn twice(&mut self) {
        let mut second = self.rx.clone();
        let first = self.rx.wait_for(|n| *n > 0);
        let again = second.wait_for(|n| *n > 1);
        tokio::select! {
            _ = first => {}
            _ = again => {}
        }
    }
}
