use tokio::sync::{Mutex, MutexGuard};

pub struct M {
    m: Mutex<u32>,
}

impl M {
    async fn guard(&self) -> MutexGuard<'_, u32> {
        self.m.lock().await
    }

    async fn bump(&self) {
        *self.m.lock().await += 1;
    }

    pub async fn outer(&self) {
        let _g = self.m.lock().await;
        self.bump().await;
    }
}
