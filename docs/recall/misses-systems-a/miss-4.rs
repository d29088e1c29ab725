// miss-4 (qdrant 310e739192, "scroll lock ordering")
// Expected: a check-then-act / stale-snapshot finding at line 26: `self.segments.read()` is
// snapshotted BEFORE `self.barrier.read().await`; the writer changes `segments` only while it
// holds `barrier.write()` (through an Arc clone kept in another struct), so the snapshot is not
// protected by the barrier the reader then takes.
// Gap: lockset inference for a unit lock (`RwLock<()>`) that guards data stored elsewhere, with
// the lock aliased through `Arc::clone` into a second struct.
use std::sync::Arc;
use parking_lot::RwLock;

pub struct Updater { barrier: Arc<tokio::sync::RwLock<()>>, segments: Arc<RwLock<Vec<Vec<u32>>>> }
impl Updater {
    pub async fn move_point(&self, p: u32) {
        let _b = self.barrier.write().await;
        let mut s = self.segments.write();
        s[0].retain(|x| *x != p);
        drop(s);
        self.segments.write().push(vec![p]); // point is briefly in no segment
    }
}

pub struct Shard { barrier: Arc<tokio::sync::RwLock<()>>, segments: Arc<RwLock<Vec<Vec<u32>>>> }
impl Shard {
    pub fn updater(&self) -> Updater { Updater { barrier: self.barrier.clone(), segments: self.segments.clone() } }
    pub async fn scroll(&self) -> usize {
        let n_segments = self.segments.read().len(); // line 26: read before the barrier
        let _b = self.barrier.read().await;
        let s = self.segments.read();
        s.iter().take(n_segments).map(|v| v.len()).sum()
    }
}
