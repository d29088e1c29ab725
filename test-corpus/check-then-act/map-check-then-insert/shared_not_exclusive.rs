// Near miss of the exclusive-borrow case: a map reached by `&` through a lock is shared
// between the tasks that hold the lock's `Arc`.

use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

async fn probe(name: &str) -> bool {
    !name.is_empty()
}

pub async fn through_lock(m: &Mutex<HashMap<u64, bool>>, id: u64) {
    if !m.lock().await.contains_key(&id) { //~ map-check-then-insert
        let up = probe("b").await;
        m.lock().await.insert(id, up);
    }
}

pub async fn spawned(m: Arc<Mutex<HashMap<u64, bool>>>) {
    for id in 0..4u64 {
        let m = m.clone();
        tokio::spawn(async move { through_lock(&m, id).await });
    }
}
