// #18 variant: `broadcast`: the state tested, then `subscribe()` and `recv().await` in the same fn (with the publisher)
use tokio::sync::{broadcast, Mutex};

pub struct Manager {
    state: Mutex<u32>,
    events: broadcast::Sender<u32>,
}

impl Manager {
    pub async fn set_ready(&self) {
        *self.state.lock().await = 1;
        let _ = self.events.send(1);
    }

    pub async fn wait_ready(&self) -> bool {
        if *self.state.lock().await == 1 {
            return true;
        }
        let mut rx = self.events.subscribe();
        while let Ok(v) = rx.recv().await {
            if v == 1 {
                return true;
            }
        }
        false
    }
}
