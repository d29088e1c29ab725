// miss-6 (tikv 67bd1e5b02, MultiMasterKeyBackend "cascading priority deadlock")
// Expected: guard-across-await (or a variant for async RwLocks) at line 18: a tokio RwLock READ
// guard is held across a slow external `.await` (network I/O); `update()` queues a writer, and
// tokio's write-preferring RwLock then blocks every new reader behind it until the I/O ends:
// all encrypt/decrypt calls stall (and deadlock if the I/O itself needs a reader).
// Gap: guard-across-await only considers blocking (std / parking_lot) guards; an async RwLock
// read guard held across an unrelated await while another path write-locks is not reported.
use std::sync::Arc;
use tokio::sync::RwLock;

pub struct Backends { inner: Arc<RwLock<Vec<u32>>> }
async fn remote_call(x: u32) -> Result<u32, ()> { if x > 0 { Ok(x) } else { Err(()) } }

impl Backends {
    pub async fn encrypt(&self) -> Option<u32> {
        let g = self.inner.read().await;
        for b in g.iter() {
            if let Ok(r) = remote_call(*b).await { return Some(r); } // line 18
        }
        None
    }
    pub async fn update(&self, v: Vec<u32>) {
        *self.inner.write().await = v;
    }
}
