// miss-8 (neon 6a35a3e9f1, GCS upload permit deadlock)
// Expected: double-lock (semaphore flavour) at line 26: `upload` holds a permit of
// `self.limiter` and awaits `put_object`, which acquires another permit of the same semaphore
// through the `permit()` helper; with N concurrent uploads all N permits are held by outer
// calls and every inner acquire waits forever (here: until a timeout, then retry).
// Gaps: `tokio::sync::Semaphore` permits are not treated as lock acquisitions, and the
// acquisition is wrapped in an async helper (`permit()`) returning the permit guard.
use std::sync::Arc;
use tokio::sync::{Semaphore, SemaphorePermit};

pub struct Bucket { limiter: Arc<Semaphore> }

impl Bucket {
    async fn permit(&self) -> SemaphorePermit<'_> {
        self.limiter.acquire().await.expect("closed")
    }

    async fn put_object(&self, data: &[u8]) -> usize {
        let _permit = self.permit().await; // second permit of the same semaphore
        data.len()
    }

    pub async fn upload(&self, data: &[u8]) -> usize {
        let _permit = self.permit().await;
        // holds one permit while the callee waits for another
        self.put_object(data).await // line 26: expected finding
    }
}
