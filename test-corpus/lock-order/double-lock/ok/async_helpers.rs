// Guards of async helpers released before the next lock, and helper futures never awaited.
use tokio::sync::{Mutex, MutexGuard};

pub struct Blocks {
    stripe: Mutex<Vec<u8>>,
}

impl Blocks {
    async fn locked(&self) -> MutexGuard<'_, Vec<u8>> {
        self.stripe.lock().await
    }

    async fn mark_corrupt(&self) {
        self.stripe.lock().await.clear();
    }

    pub async fn repair(&self) {
        let empty = self.locked().await.is_empty();
        if empty {
            self.mark_corrupt().await;
        }
    }

    pub async fn repair_scoped(&self) {
        let g = self.locked().await;
        let n = g.len();
        drop(g);
        if n == 0 {
            self.mark_corrupt().await;
        }
    }
}
