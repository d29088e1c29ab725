// Shapes from real code that are not self-deadlocks.
use std::sync::{Arc, Mutex, TryLockError};
use tokio::sync::RwLock;

pub struct Node {
    inner: Mutex<u32>,
}

// The failure arm of a `try_lock` holds no guard (tokio's cancellation tree does this).
pub fn lock_parent(parent: &Node) -> u32 {
    let locked = match parent.inner.try_lock() {
        Ok(g) => g,
        Err(TryLockError::WouldBlock) => parent.inner.lock().unwrap(),
        Err(TryLockError::Poisoned(e)) => e.into_inner(),
    };
    *locked
}

// A closure stored while the guard is alive runs later, on other threads, after `drop`.
pub fn gate(rt: &tokio::runtime::Runtime) {
    let ready = Arc::new(Mutex::new(()));
    let guard = ready.lock().unwrap();
    let ready2 = ready.clone();
    let wait = move || {
        let _g = ready2.lock().unwrap();
    };
    let h = rt.spawn_blocking(wait);
    drop(guard);
    drop(h);
}

// An async lock's `read()` that is not awaited only builds a future.
pub async fn pending_read(lock: Arc<RwLock<u32>>) {
    let w = lock.write().await;
    let fut = lock.read();
    drop(w);
    let _r = fut.await;
}
