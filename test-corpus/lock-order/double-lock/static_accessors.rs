// `double-lock` through free functions returning a guard of a static: `users()` holds
// USERS for reading while `mut_users()` waits to write it (self-deadlock).
use once_cell::sync::Lazy;
use parking_lot::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::collections::HashMap;

static USERS: Lazy<RwLock<HashMap<String, u32>>> = Lazy::new(Default::default);
static LOG: Lazy<Mutex<Vec<String>>> = Lazy::new(Default::default);

fn users() -> RwLockReadGuard<'static, HashMap<String, u32>> {
    USERS.read()
}

fn mut_users() -> RwLockWriteGuard<'static, HashMap<String, u32>> {
    USERS.write()
}

fn log() -> MutexGuard<'static, Vec<String>> {
    LOG.lock()
}

pub fn rename(from: &str, to: &str) {
    let all = users();
    if let Some(id) = all.get(from) {
        mut_users().insert(to.to_string(), *id); //~ double-lock
    }
}

pub fn audit(msg: &str) {
    let mut entries = log();
    if entries.len() > 100 {
        log().clear(); //~ double-lock
    }
    entries.push(msg.to_string());
}
