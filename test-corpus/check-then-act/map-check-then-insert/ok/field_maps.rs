// Field maps of a locked value tested and changed under one guard, or two different maps.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Pending {
    replies: HashMap<u64, u32>,
    seen: HashMap<u64, u32>,
}

pub struct Client {
    state: Mutex<Pending>,
}

impl Client {
    pub fn take_or_register(&self, id: u64) -> Option<u32> {
        let mut g = self.state.lock().unwrap();
        if let Some(v) = g.replies.remove(&id) {
            return Some(v);
        }
        g.replies.insert(id, 0);
        None
    }

    // tests one map, inserts into another
    pub fn mark(&self, id: u64, at: u32) {
        if self.state.lock().unwrap().replies.contains_key(&id) {
            return;
        }
        self.state.lock().unwrap().seen.insert(id, at);
    }
}
