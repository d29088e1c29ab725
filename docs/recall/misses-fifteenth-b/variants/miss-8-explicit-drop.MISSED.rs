// #8 variant: the Arc dropped explicitly (`drop(s)`) under the guard; Drop impl as in the reproduction
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, Weak};

use parking_lot::RwLock;

pub struct Session {
    id: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        SessionManager::instance().destroy_session(&self.id);
    }
}

pub struct SessionManager {
    active: RwLock<HashMap<String, Weak<Session>>>,
}

static MGR: OnceLock<SessionManager> = OnceLock::new();

impl SessionManager {
    pub fn instance() -> &'static SessionManager {
        MGR.get_or_init(|| SessionManager { active: RwLock::new(HashMap::new()) })
    }

    pub fn destroy_session(&self, id: &str) {
        self.active.write().remove(id);
    }

    pub fn ids(&self) -> Vec<String> {
        let sessions = self.active.read();
        let mut out = Vec::new();
        for weak in sessions.values() {
            if let Some(s) = weak.upgrade() {
                out.push(s.id.clone());
                drop(s);
            }
        }
        out
    }
}
