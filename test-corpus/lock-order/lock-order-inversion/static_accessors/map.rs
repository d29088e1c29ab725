// Free functions returning a guard of a static (`users()`, `mut_sessions()`) take that
// static's lock where they are called; the guard lives as a temporary or a named guard
// does. `auth.rs` takes SESSIONS then USERS (`authorize`) and USERS then SESSIONS
// (`refresh_token`) through them only.
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub static USERS: OnceLock<RwLock<HashMap<String, Vec<String>>>> = OnceLock::new();
pub static SESSIONS: OnceLock<RwLock<HashMap<String, String>>> = OnceLock::new();

pub fn users() -> RwLockReadGuard<'static, HashMap<String, Vec<String>>> {
    USERS.get().expect("set at start").read().unwrap()
}

pub fn mut_users() -> RwLockWriteGuard<'static, HashMap<String, Vec<String>>> {
    USERS.get().expect("set at start").write().unwrap()
}

pub fn sessions() -> RwLockReadGuard<'static, HashMap<String, String>> {
    SESSIONS.get().expect("set at start").read().unwrap()
}

pub fn mut_sessions() -> RwLockWriteGuard<'static, HashMap<String, String>> {
    SESSIONS.get().expect("set at start").write().unwrap()
}
