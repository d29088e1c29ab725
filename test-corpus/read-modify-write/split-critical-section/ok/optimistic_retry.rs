// An optimistic update: the second critical section compares the state with what the first
// one saw and retries when it changed, so an update made in between is never overwritten.
use tokio::sync::Mutex;

pub struct Store {
    state: Mutex<u64>,
}

async fn load_from_disk() -> u64 {
    7
}

impl Store {
    pub async fn reload(&self) -> Result<(), ()> {
        for _ in 0..3 {
            let observed = {
                let state = self.state.lock().await;
                *state
            };
            let loaded = load_from_disk().await;
            let mut state = self.state.lock().await;
            if *state != observed {
                continue;
            }
            *state = loaded.max(observed);
            return Ok(());
        }
        Err(())
    }
}
