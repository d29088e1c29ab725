// #20 variant: plain `Lazy<RwLock<_>>` statics locked inline (no accessors), call chain kept
use std::collections::HashMap;

use once_cell::sync::Lazy;
use parking_lot::RwLock;

pub static USERS: Lazy<RwLock<HashMap<String, Vec<String>>>> = Lazy::new(Default::default);
pub static SESSIONS: Lazy<RwLock<HashMap<String, String>>> = Lazy::new(Default::default);

fn group_perms(user: &str) -> Vec<String> {
    USERS.read().get(user).cloned().unwrap_or_default()
}

pub fn authorize(key: &str) -> bool {
    let s = SESSIONS.read();
    if let Some(user) = s.get(key) {
        return !group_perms(user).is_empty();
    }
    false
}

pub fn refresh_token(user: &str, key: &str) {
    let u = USERS.read();
    if u.get(user).is_some() {
        SESSIONS.write().insert(key.to_string(), user.to_string());
    }
}
