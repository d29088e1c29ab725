// #20 parseable a65fb0d6: `refresh_token` keeps the USERS read guard (an `if let` scrutinee
// from the accessor `users()`) while it calls `mut_sessions()` (SESSIONS write). `authorize`
// keeps a SESSIONS read guard (`sessions()`) while `check_auth` → `group_perms` calls
// `users()`. With writers queued on both locks the two paths deadlock. Both locks are
// `OnceCell<parking_lot::RwLock<_>>` statics reached only through guard-returning accessors.
use std::collections::HashMap;

use once_cell::sync::OnceCell;
use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};

pub struct Users(HashMap<String, Vec<String>>);
pub struct Sessions(HashMap<String, Vec<String>>);

pub static USERS: OnceCell<RwLock<Users>> = OnceCell::new();
pub static SESSIONS: OnceCell<RwLock<Sessions>> = OnceCell::new();

pub fn users() -> RwLockReadGuard<'static, Users> {
    USERS.get().expect("map is set").read()
}

pub fn sessions() -> RwLockReadGuard<'static, Sessions> {
    SESSIONS.get().expect("map is set").read()
}

pub fn mut_sessions() -> RwLockWriteGuard<'static, Sessions> {
    SESSIONS.get().expect("map is set").write()
}

fn group_perms(user: &str) -> Vec<String> {
    users().0.get(user).cloned().unwrap_or_default()
}

impl Sessions {
    pub fn check_auth(&self, key: &str) -> Option<bool> {
        let user = self.0.get(key)?.first()?.clone();
        Some(!group_perms(&user).is_empty())
    }
}

pub fn authorize(key: &str) -> bool {
    if let Some(ok) = sessions().check_auth(key) {
        return ok;
    }
    false
}

pub fn refresh_token(user: &str, key: &str) {
    if let Some(roles) = users().0.get(user) {
        mut_sessions().0.insert(key.to_string(), roles.clone());
    }
}
