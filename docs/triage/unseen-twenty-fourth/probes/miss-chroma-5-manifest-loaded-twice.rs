// Probe (written from scratch) for a missed bug in chroma-core/chroma.
// Fix commit: 92084f73c "[BUG][wal3] Fix a double-load that leads to inconsistent views of the
// world. (#5781)" (parent 14bf86bf).
//
// What goes wrong: `wal3::copy` (used to fork a collection's log) calls `reader.scan(offset)`,
// which loads the source log's manifest from object storage and returns its fragments. When
// that list is empty it loads the manifest *again* with `reader.manifest()` and seeds the copy's
// next write offset and sequence number from the second load. A writer appending to the source
// log between the two loads makes the second manifest newer than the (empty) fragment list:
// the copy starts at the source's new offsets without their fragments, so the fork's compaction
// cursor is behind its next write slot. The fix loads the manifest once and scans from it.
//
// racelint should report that a decision made from one load of a shared object (the empty
// fragment list) is completed with values from a second, separate load of the same object
// (fetch-then-reread's store-level form). It is silent. The atomic form (update, then a separate
// load whose value is used) is reported (`contrast_atomic`, reported: fetch-then-reread).
// Missing fact: two reads of the same external object (the same key of an object store,
// through the same reader) in one operation, with the result of the second combined with a
// decision taken from the first, while other processes write that object.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct Manifest { pub fragments: Vec<(u64, u64)>, pub next_offset: u64, pub next_seq: u64 }

pub struct Storage;
impl Storage {
    pub async fn get(&self, _key: &str) -> Option<Vec<u8>> { None }
    pub async fn put(&self, _key: &str, _v: Vec<u8>) {}
}

pub struct LogReader { storage: Arc<Storage>, prefix: String }

impl LogReader {
    pub async fn manifest(&self) -> Option<Manifest> {
        let bytes = self.storage.get(&format!("{}/manifest", self.prefix)).await?;
        Some(Manifest { fragments: vec![], next_offset: bytes.len() as u64, next_seq: 0 })
    }
    pub async fn scan(&self, from: u64) -> Vec<(u64, u64)> {
        let m = self.manifest().await.unwrap_or_default();
        m.fragments.into_iter().filter(|f| f.0 >= from).collect()
    }
}

pub async fn copy(storage: &Storage, reader: &LogReader, offset: u64, target: &str) {
    let fragments = reader.scan(offset).await;
    let manifest = if !fragments.is_empty() {
        Manifest { next_offset: fragments.iter().map(|f| f.1).max().unwrap(), fragments, next_seq: 1 }
    } else {
        let reference = reader.manifest().await.unwrap_or_default();
        Manifest { fragments: vec![], next_offset: reference.next_offset, next_seq: reference.next_seq }
    };
    storage.put(&format!("{}/manifest", target), vec![manifest.next_offset as u8]).await;
}

pub struct Counter { n: AtomicU64 }
impl Counter {
    // Contrast: reported (fetch-then-reread).
    pub fn contrast_atomic(&self) -> u64 {
        self.n.fetch_add(1, Ordering::SeqCst);
        let v = self.n.load(Ordering::SeqCst);
        if v > 10 { 0 } else { v }
    }
}

pub fn spawn_counters(c: Arc<Counter>) {
    let d = c.clone();
    std::thread::spawn(move || d.contrast_atomic());
    c.contrast_atomic();
}
