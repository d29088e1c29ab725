// Near misses of the lent-read exemption: the value written back is computed from the read,
// so an update another task makes in between is lost.
use std::sync::Arc;
use tokio::sync::RwLock;

fn bump(n: &u64) -> u64 {
    n + 1
}

async fn fetch_increment(_n: u64) -> u64 {
    1
}

// a synchronous call computes the new value from the read
pub async fn sync_compute(s: Arc<RwLock<u64>>) {
    let n = bump(&*s.read().await); //~ split-critical-section
    *s.write().await = n;
}

// the answer is combined with the value read
pub async fn answer_plus_read(s: Arc<RwLock<u64>>) {
    let old = *s.read().await; //~ split-critical-section
    let add = fetch_increment(old).await;
    *s.write().await = old + add;
}
