// Near misses of the exclusive-borrow case: a `&mut` to an `Arc` shares the map with the
// other holders, and a map reached by `&` through a lock is shared between the tasks that
// hold the lock's `Arc`.

use std::collections::HashMap;
use std::sync::Arc;
use dashmap::DashMap;
use tokio::sync::Mutex;

async fn probe(name: &str) -> bool {
    !name.is_empty()
}

pub async fn through_arc<'a>(m: &'a mut Arc<DashMap<u64, bool>>, id: u64) {
    if !m.contains_key(&id) { //~ map-check-then-insert
        let up = probe("a").await;
        m.insert(id, up);
    }
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
