// Miss, dragonfly client b4727068 (parent 1e24d0cb), dragonfly-client-storage/src/lib.rs
// `download_piece_started` (and three siblings). Written from scratch.
// Before downloading a piece, a task waits for an existing copy (`wait_finished` looks the
// piece up in the metadata store and polls). When that fails, it registers itself as the
// downloader (an unconditional insert into an in-flight map) and starts the download. Two
// tasks that need the same piece both fail the wait and both register and download it: the
// piece is fetched twice from the source or a parent, which is what the fix's atomic claim
// prevents. racelint reports a check and an insert on one map (contrast); here the check is a
// callee's lookup in another store and the insert is `insert` into the in-flight map.
use dashmap::DashMap;
use std::sync::Arc;
use tokio::sync::Notify;

pub struct Storage {
    finished: DashMap<String, Vec<u8>>,
    in_flight: DashMap<String, Arc<Notify>>,
}

impl Storage {
    async fn wait_finished(&self, id: &str) -> Result<Vec<u8>, ()> {
        for _ in 0..3 {
            if let Some(p) = self.finished.get(id) {
                return Ok(p.clone());
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Err(())
    }

    pub async fn piece_started(&self, id: &str) -> Option<Vec<u8>> {
        match self.wait_finished(id).await {
            Ok(p) => Some(p),
            Err(()) => {
                self.in_flight.insert(id.to_string(), Arc::new(Notify::new()));
                None // caller downloads the piece
            }
        }
    }

    // Contrast: reported (map check then insert on one map).
    pub fn register_if_absent(&self, id: &str) -> bool {
        if self.in_flight.get(id).is_none() {
            self.in_flight.insert(id.to_string(), Arc::new(Notify::new()));
            return true;
        }
        false
    }
}

pub async fn two_tasks(s: Arc<Storage>) {
    let a = { let s = s.clone(); tokio::spawn(async move { s.piece_started("p0").await }) };
    let b = { let s = s.clone(); tokio::spawn(async move { s.piece_started("p0").await }) };
    let _ = (a.await, b.await);
}
