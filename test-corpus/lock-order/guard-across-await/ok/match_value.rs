// `let deadline = match m.lock() { Ok(d) => *d, Err(_) => return };` copies the value out:
// the guard dies with the `let` statement, before the `.await`s below.
use std::sync::Mutex;
use tokio::time::Instant;

pub struct Lease {
    valid_until: Mutex<Option<Instant>>,
    notify: tokio::sync::Notify,
}

impl Lease {
    pub async fn wait_lost(&self) {
        let valid_until = match self.valid_until.lock() {
            Ok(deadline) => *deadline,
            Err(_) => return,
        };
        match valid_until {
            Some(t) => tokio::time::sleep_until(t).await,
            None => self.notify.notified().await,
        }
    }
}
