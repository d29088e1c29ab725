// Free functions over statics (one a `lazy_static!`), parking_lot locks.
use lazy_static::lazy_static;
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;

static SESSIONS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

lazy_static! {
    static ref ROUTES: RwLock<HashMap<u32, String>> = RwLock::new(HashMap::new());
}

pub fn add_route(id: u32, path: String) {
    let mut routes = ROUTES.write();
    let sessions = SESSIONS.lock(); //~ lock-order-inversion
    if sessions.contains(&id) {
        routes.insert(id, path);
    }
}

pub fn close_session(id: u32) {
    let mut sessions = SESSIONS.lock();
    sessions.retain(|s| *s != id);
    let routes = ROUTES.read();
    if routes.contains_key(&id) {
        log(id);
    }
}

fn log(_id: u32) {}
