// Probe (written from scratch) for a missed bug in chroma-core/chroma.
// Fix commit: 6935b1c36 "[BUG] CAS on version during reassignment (#6529)" (parent 754af482).
//
// What goes wrong: the quantized SPANN writer keeps a version per point in
// `versions: DashMap<u32, u32>`; a cluster entry is live only while its version matches.
// `remove(id)` bumps the version to invalidate the point. `reassign(..)` (run by `balance`
// after a split, concurrently with the apply tasks that add and remove points) checks
// `self.is_valid(id, version)` (a bool helper that reads the map), then navigates and, in
// `register`, bumps the version again with `upgrade_version(id)` and appends the point to the new
// clusters. If `remove` runs between the check and the bump, reassign bumps past the
// deletion's version and re-registers the point: the deleted vector comes back. The fix does
// the compare and the increment under one `entry()` guard.
//
// racelint should report a check-then-act on `versions` at the `upgrade_version` call in
// `register` (reached from `reassign` after the `is_valid` check). The same sequence with the
// map calls written inline in one function is reported (`contrast_inline`, reported:
// map-check-then-insert). Missing facts: a bool helper on `&self` that only reads a map entry
// (`is_valid`) is a check of that key, and a helper that does `entry(k).or_default()` + `+= 1`
// is a write of it, also when the write happens in a callee of the checking function
// (as in miss-screenpipe-4 of the twenty-third session).
use dashmap::DashMap;
use std::sync::Arc;

pub struct Writer { versions: DashMap<u32, u32>, clusters: DashMap<u32, Vec<(u32, u32)>> }

impl Writer {
    fn is_valid(&self, id: u32, version: u32) -> bool {
        self.versions.get(&id).map(|v| *v == version).unwrap_or(false)
    }

    fn upgrade_version(&self, id: u32) -> u32 {
        let mut entry = self.versions.entry(id).or_default();
        *entry += 1;
        *entry
    }

    pub fn remove(&self, id: u32) {
        self.upgrade_version(id);
    }

    fn register(&self, id: u32, targets: &[u32]) {
        let version = self.upgrade_version(id);
        for t in targets {
            self.clusters.entry(*t).or_default().push((id, version));
        }
    }

    pub async fn reassign(&self, id: u32, version: u32, targets: Vec<u32>) {
        if !self.is_valid(id, version) {
            return;
        }
        tokio::task::yield_now().await; // navigate(): searches the centroid index
        self.register(id, &targets);
    }

    // Contrast: reported (map-check-then-insert).
    pub async fn contrast_inline(&self, id: u32, version: u32, targets: Vec<u32>) {
        if self.versions.get(&id).map(|v| *v == version).unwrap_or(false) {
            tokio::task::yield_now().await;
            self.versions.insert(id, version + 1);
            for t in targets {
                self.clusters.entry(t).or_default().push((id, version + 1));
            }
        }
    }
}

// Apply tasks run concurrently on one writer: some remove points, balance reassigns others.
pub async fn apply(w: Arc<Writer>) {
    let a = w.clone();
    let t1 = tokio::spawn(async move { a.reassign(7, 1, vec![3, 4]).await });
    let b = w.clone();
    let t2 = tokio::spawn(async move { b.remove(7) });
    let c = w.clone();
    let t3 = tokio::spawn(async move { c.contrast_inline(8, 1, vec![5]).await });
    let _ = (t1.await, t2.await, t3.await);
}
