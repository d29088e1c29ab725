// #20 variant: the accessors kept, guards bound with `let` (no scrutinee temporaries), no
// method call chain: `authorize` calls `users()` directly
use std::collections::HashMap;

use once_cell::sync::OnceCell;
use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};

pub static USERS: OnceCell<RwLock<HashMap<String, Vec<String>>>> = OnceCell::new();
pub static SESSIONS: OnceCell<RwLock<HashMap<String, String>>> = OnceCell::new();

pub fn users() -> RwLockReadGuard<'static, HashMap<String, Vec<String>>> {
    USERS.get().expect("set").read()
}

pub fn sessions() -> RwLockReadGuard<'static, HashMap<String, String>> {
    SESSIONS.get().expect("set").read()
}

pub fn mut_sessions() -> RwLockWriteGuard<'static, HashMap<String, String>> {
    SESSIONS.get().expect("set").write()
}

pub fn authorize(key: &str) -> bool {
    let s = sessions();
    let u = users();
    s.get(key).map_or(false, |user| u.contains_key(user))
}

pub fn refresh_token(user: &str, key: &str) {
    let u = users();
    if u.contains_key(user) {
        let mut s = mut_sessions();
        s.insert(key.to_string(), user.to_string());
    }
}
