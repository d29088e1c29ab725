use crate::users::{mut_sessions, sessions, users};

pub fn authorize(key: &str) -> bool {
    let s = sessions();
    let u = users();
    s.get(key).is_some_and(|user| u.contains_key(user))
}

pub fn refresh(user: &str, key: &str) {
    let u = users();
    if u.contains_key(user) {
        let mut s = mut_sessions();
        s.insert(key.to_string(), user.to_string());
    }
}
