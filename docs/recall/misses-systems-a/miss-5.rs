// miss-5 (tikv b5508681f0, pd_client_v2 version race)
// Expected: an ordering finding at line 27: the waiter is woken (`tx.send(())`) BEFORE the
// version it re-checks on wake-up is bumped (line 28), so it sees the old version and ignores
// the update. Also relaxed-flag-store: `version` is read with Acquire (line 17) but bumped
// with a Relaxed `fetch_add` (line 28), so the pair does not synchronize.
// Gaps: signal-before-publish through a channel/broadcast send is not modelled; the
// relaxed-flag-store rule looks at `store` only, not at a Relaxed `fetch_add` writer.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

pub struct Core { latest: Mutex<String>, version: AtomicU64, tx: broadcast::Sender<()> }
pub struct Client { core: Arc<Core>, cache: String, cache_version: u64 }

impl Client {
    pub fn refresh(&mut self) -> bool {
        if self.cache_version < self.core.version.load(Ordering::Acquire) {
            self.cache = self.core.latest.lock().unwrap().clone();
            self.cache_version = self.core.version.load(Ordering::Relaxed);
            return true;
        }
        false
    }
    pub fn publish(&mut self) {
        let mut latest = self.core.latest.lock().unwrap();
        *latest = self.cache.clone();
        let _ = self.core.tx.send(()); // line 27: wakes waiters before the bump
        self.cache_version = self.core.version.fetch_add(1, Ordering::Relaxed) + 1; // line 28
    }
    pub async fn wait_new(&mut self, rx: &mut broadcast::Receiver<()>) {
        while !self.refresh() {
            let _ = rx.recv().await;
        }
    }
}
