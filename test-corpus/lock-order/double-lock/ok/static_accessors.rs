// Free functions returning a guard of a static, each guard gone before the next is taken.
use once_cell::sync::Lazy;
use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::collections::HashMap;

static USERS: Lazy<RwLock<HashMap<String, u32>>> = Lazy::new(Default::default);

fn users() -> RwLockReadGuard<'static, HashMap<String, u32>> {
    USERS.read()
}

fn mut_users() -> RwLockWriteGuard<'static, HashMap<String, u32>> {
    USERS.write()
}

pub fn report_and_reset() -> usize {
    let n = users().len();
    mut_users().clear();
    n
}

pub fn snapshot_then_add(name: &str) -> Vec<String> {
    let names = {
        let all = users();
        all.keys().cloned().collect()
    };
    let mut all = mut_users();
    all.insert(name.to_string(), 0);
    names
}

// a `try_lock` gate: callers test the `Result` and wait only where they got no guard
static GATE: Lazy<std::sync::Arc<tokio::sync::Mutex<()>>> = Lazy::new(Default::default);

fn try_gate() -> Result<tokio::sync::OwnedMutexGuard<()>, ()> {
    GATE.clone().try_lock_owned().map_err(|_| ())
}

pub async fn login(retry: impl std::future::Future<Output = ()>, work: impl std::future::Future<Output = ()>) -> bool {
    let _gate = {
        let guard = try_gate();
        if guard.is_err() {
            retry.await;
            return false;
        }
        guard.ok()
    };
    work.await;
    true
}
