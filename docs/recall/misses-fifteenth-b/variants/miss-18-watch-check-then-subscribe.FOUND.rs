// #18 variant: control, the corpus shape: a `watch` state checked, then `subscribe()`, then
// waiting on `changed()`
use tokio::sync::watch;

pub struct Manager {
    state: watch::Sender<u32>,
}

impl Manager {
    pub async fn wait_ready(&self) -> bool {
        if *self.state.borrow() == 1 {
            return true;
        }
        let mut rx = self.state.subscribe();
        while rx.changed().await.is_ok() {
            if *rx.borrow() == 1 {
                return true;
            }
        }
        false
    }
}
