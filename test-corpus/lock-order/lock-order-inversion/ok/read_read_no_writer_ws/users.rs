// Guard-returning accessors over statics, in one file; the functions that take them in
// opposite orders in another. `USERS` is only read on both paths and nothing writes it:
// with no writer of `USERS` anywhere, the two readers never wait for each other.
use std::collections::HashMap;

use once_cell::sync::Lazy;
use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};

pub static USERS: Lazy<RwLock<HashMap<String, Vec<String>>>> = Lazy::new(Default::default);
pub static SESSIONS: Lazy<RwLock<HashMap<String, String>>> = Lazy::new(Default::default);

pub fn users() -> RwLockReadGuard<'static, HashMap<String, Vec<String>>> {
    USERS.read()
}

pub fn sessions() -> RwLockReadGuard<'static, HashMap<String, String>> {
    SESSIONS.read()
}

pub fn mut_sessions() -> RwLockWriteGuard<'static, HashMap<String, String>> {
    SESSIONS.write()
}

pub fn user_count() -> usize {
    USERS.read().len()
}
