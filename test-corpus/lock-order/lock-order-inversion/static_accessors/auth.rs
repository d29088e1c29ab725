use crate::map::{mut_sessions, mut_users, sessions, users};

pub fn authorize(key: &str) -> bool {
    let s = sessions();
    let u = mut_users(); //~ lock-order-inversion
    s.get(key).is_some_and(|user| u.contains_key(user))
}

pub fn refresh_token(user: &str, key: &str) {
    if let Some(roles) = users().get(user) {
        mut_sessions().insert(key.to_string(), roles.join(","));
    }
}
