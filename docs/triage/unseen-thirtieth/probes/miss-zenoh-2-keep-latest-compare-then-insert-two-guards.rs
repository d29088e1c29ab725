// Probe (written from scratch) for a missed bug in eclipse-zenoh/zenoh.
// Fix commit: 2bc10a2d "fix(storage-manager): race condition on `latest_updates` structure"
// (parent 717e005b).
//
// What goes wrong: a storage that keeps only the latest value per key remembers, in a
// `tokio::sync::Mutex<HashMap<key, Timestamp>>`, the timestamp of the last stored sample.
// `process_sample` locks the map to compare the incoming timestamp with the stored one (and
// skips an older sample), releases the lock, writes to the storage (awaits), then locks the map
// again and inserts the incoming timestamp. Samples of one key are processed concurrently (the
// subscriber task and the replication aligner share the map): T1 < T2 both pass the check; T2
// is stored and recorded; then T1 overwrites the map entry with the older T1. The map and the
// storage disagree and a later T1 < T < T2 sample is accepted. The fix holds one guard from
// the comparison to the insert.
//
// What is missing: map-read-then-insert / split-critical-section know a presence check
// (`contains_key`, `get().is_none()`) or a value read and written back; here the value read
// is only *compared* with the new value ("keep the maximum") and the insert under a second
// guard stores the new value. Expected: a finding at the insert in `process_sample` (line
// 40), the check at line 32. The presence-check form is reported (`contrast_presence`,
// reported: map-check-then-insert).
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct StorageService {
    latest: Arc<Mutex<HashMap<String, u64>>>,
    storage: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

impl StorageService {
    pub async fn process_sample(&self, key: String, ts: u64, payload: Vec<u8>) {
        if let Some(stored) = self.latest.lock().await.get(&key) {
            if ts < *stored {
                return;
            }
        }

        self.storage.lock().await.insert(key.clone(), payload);

        self.latest.lock().await.insert(key, ts);
    }

    // Contrast: reported (map-check-then-insert).
    pub async fn contrast_presence(&self, key: String, ts: u64) {
        if !self.latest.lock().await.contains_key(&key) {
            self.latest.lock().await.insert(key, ts);
        }
    }
}

// The second actor: the subscriber loop and the aligner both feed samples.
pub fn start(service: Arc<StorageService>) {
    let s1 = service.clone();
    tokio::spawn(async move { s1.process_sample("a".into(), 2, vec![]).await });
    let s2 = service.clone();
    tokio::spawn(async move { s2.process_sample("a".into(), 1, vec![]).await });
    tokio::spawn(async move { service.contrast_presence("b".into(), 1).await });
}
