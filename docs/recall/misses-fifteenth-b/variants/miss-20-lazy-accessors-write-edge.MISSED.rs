// #20 variant: as `accessors-write-edge` with `Lazy` statics (`USERS.read()` in the accessor,
// no `OnceCell::get().expect(..)`)
use std::collections::HashMap;

use once_cell::sync::Lazy;
use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};

pub static USERS: Lazy<RwLock<HashMap<String, Vec<String>>>> = Lazy::new(Default::default);
pub static SESSIONS: Lazy<RwLock<HashMap<String, String>>> = Lazy::new(Default::default);

pub fn users() -> RwLockReadGuard<'static, HashMap<String, Vec<String>>> {
    USERS.read()
}

pub fn mut_users() -> RwLockWriteGuard<'static, HashMap<String, Vec<String>>> {
    USERS.write()
}

pub fn sessions() -> RwLockReadGuard<'static, HashMap<String, String>> {
    SESSIONS.read()
}

pub fn mut_sessions() -> RwLockWriteGuard<'static, HashMap<String, String>> {
    SESSIONS.write()
}

pub fn authorize(key: &str) -> bool {
    let s = sessions();
    let u = mut_users();
    s.get(key).map_or(false, |user| u.contains_key(user))
}

pub fn refresh_token(user: &str, key: &str) {
    let u = users();
    if u.contains_key(user) {
        let mut s = mut_sessions();
        s.insert(key.to_string(), user.to_string());
    }
}
