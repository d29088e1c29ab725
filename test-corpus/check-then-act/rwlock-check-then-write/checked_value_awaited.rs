// Near miss of the lent-read exemption: the condition tests the guarded value itself, not
// the answer of a call it was lent to, so another writer in between makes it stale.
use tokio::sync::RwLock;

pub struct Slot {
    pub latest: RwLock<Option<u64>>,
}

async fn confirm(v: u64) -> u64 {
    v
}

pub async fn offer(s: &Slot, v: u64) {
    let newer = match *s.latest.read().await { //~ rwlock-check-then-write
        Some(cur) => v > cur,
        None => true,
    };
    if newer {
        let v = confirm(v).await;
        *s.latest.write().await = Some(v);
    }
}
