// The `Drop` impl lives in another file of the crate than the code that drops the value.
use std::sync::Arc;

use crate::manager::MANAGER;

pub struct Session {
    pub id: u64,
}

impl Drop for Session {
    fn drop(&mut self) {
        MANAGER.lock().unwrap().remove(&self.id);
    }
}

pub fn open(id: u64) -> Arc<Session> {
    let s = Arc::new(Session { id });
    MANAGER.lock().unwrap().insert(id, Arc::downgrade(&s));
    s
}
