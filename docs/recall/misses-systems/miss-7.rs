// Expected: map-check-then-insert (check-then-act) at line 24 (check at line 20). The response
// map is a FIELD of the locked struct (`self.0.lock().messages`), not the Mutex's direct
// content, and the check is `remove(&id)` ("take the ready value if present"), then the
// waiter is registered with `insert(id, ..)` under a second guard. A response that arrives
// between the two guards is stored as Ready and then overwritten by WaitingFor: the waiter
// hangs. racelint reports `m.lock().contains_key(&k)` + `m.lock().insert(k, ..)` when the map
// is the Mutex content; it misses both the field-of-guarded-struct map and `remove` as the check
// (each alone is enough to lose the finding).
// (From deno b9434ee387 "fix race in wait_for_response".)
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::{mpsc, Arc};

pub enum Msg { Ready(u32), WaitingFor(mpsc::Sender<u32>) }
pub struct Inner { messages: HashMap<i32, Msg> }
pub struct Session(Arc<Mutex<Inner>>);

impl Session {
    pub fn wait_for_response(&self, id: i32) -> u32 {
        if let Some(Msg::Ready(v)) = self.0.lock().messages.remove(&id) {
            return v;
        }
        let (tx, rx) = mpsc::channel();
        self.0.lock().messages.insert(id, Msg::WaitingFor(tx));
        rx.recv().unwrap()
    }

    pub fn on_response(&self, id: i32, v: u32) {
        let mut g = self.0.lock();
        match g.messages.remove(&id) {
            Some(Msg::WaitingFor(tx)) => { let _ = tx.send(v); }
            _ => { g.messages.insert(id, Msg::Ready(v)); }
        }
    }
}
