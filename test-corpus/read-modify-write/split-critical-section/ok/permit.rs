// `split-critical-section` is silent where a permit taken for the window serialises it: only
// the task holding the permit reads and writes back.

use std::sync::Mutex;
use tokio::sync::Semaphore;

pub struct Initializer {
    queue: Semaphore,
    state: Mutex<u64>,
}

impl Initializer {
    pub async fn ensure(&self) {
        // only one task in here at a time
        let _permit = self.queue.acquire().await;
        let seen = *self.state.lock().unwrap();
        refresh().await;
        *self.state.lock().unwrap() = seen + 1;
    }

    pub async fn ensure_owned(self: std::sync::Arc<Self>) {
        let permit = self.queue.acquire_many(1).await.unwrap();
        let seen = *self.state.lock().unwrap();
        refresh().await;
        *self.state.lock().unwrap() = seen + 1;
        drop(permit);
    }
}

async fn refresh() {}
