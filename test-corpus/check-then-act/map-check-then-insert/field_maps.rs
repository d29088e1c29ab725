// A map in a field of the locked value, and `remove` used as the test ("take it if it is
// there, else register"): between the two guards another thread can insert the key, and
// the second guard's insert overwrites it.
use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

pub enum Reply {
    Ready(u32),
    Waiting(mpsc::Sender<u32>),
}

pub struct Pending {
    replies: HashMap<u64, Reply>,
    seen: HashMap<u64, u32>,
}

pub struct Client {
    state: Arc<Mutex<Pending>>,
}

impl Client {
    // the waiter registers after a take that found nothing: a reply stored in between is
    // overwritten and the waiter hangs
    pub fn wait_for(&self, id: u64) -> u32 {
        if let Some(Reply::Ready(v)) = self.state.lock().unwrap().replies.remove(&id) { //~ map-check-then-insert
            return v;
        }
        let (tx, rx) = mpsc::channel();
        self.state.lock().unwrap().replies.insert(id, Reply::Waiting(tx));
        rx.recv().unwrap()
    }

    // a named guard of the struct, dropped before the insert
    pub fn first_seen(&self, id: u64, at: u32) {
        let g = self.state.lock().unwrap();
        let known = g.seen.contains_key(&id); //~ map-check-then-insert
        drop(g);
        if !known {
            self.state.lock().unwrap().seen.insert(id, at);
        }
    }
}
