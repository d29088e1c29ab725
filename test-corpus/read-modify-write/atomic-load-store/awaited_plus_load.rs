// An awaited answer combined with the loaded value is still computed from the load: an
// update stored in between is overwritten.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct Stats {
    bytes: AtomicU64,
}

async fn fetch_chunk() -> u64 {
    1024
}

pub async fn add_chunk(s: Arc<Stats>) {
    let before = s.bytes.load(Ordering::SeqCst);
    let n = fetch_chunk().await;
    s.bytes.store(before + n, Ordering::SeqCst); //~ atomic-load-store
}
