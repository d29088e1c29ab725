// #20 variant: control: as `lazy-statics-let-guards` but `authorize` takes USERS for writing (write/write edges)
use std::collections::HashMap;

use once_cell::sync::Lazy;
use parking_lot::RwLock;

pub static USERS: Lazy<RwLock<HashMap<String, Vec<String>>>> = Lazy::new(Default::default);
pub static SESSIONS: Lazy<RwLock<HashMap<String, String>>> = Lazy::new(Default::default);

pub fn authorize(key: &str) -> bool {
    let s = SESSIONS.read();
    let u = USERS.write();
    s.get(key).map_or(false, |user| u.contains_key(user))
}

pub fn refresh_token(user: &str, key: &str) {
    let u = USERS.read();
    if u.contains_key(user) {
        let mut s = SESSIONS.write();
        s.insert(key.to_string(), user.to_string());
    }
}
