// Expected: double-lock (lock-order) at line 25: the `if let` scrutinee's temporary guard of
// `self.pending` lives through the body, and `handler.invoke(..)` runs a stored
// `Box<dyn FnOnce>` callback. The callbacks registered through `request` (line 32) issue a new
// request, which locks `self.pending` again (line 20): self-deadlock. racelint follows direct
// calls but not calls through a boxed closure stored in a map/enum.
// (From lapce 8368851e "Fix proxy hang due to held lock".)
use parking_lot::Mutex;
use std::{collections::HashMap, sync::Arc};

pub enum Handler { Callback(Box<dyn FnOnce(u32) + Send>) }
impl Handler {
    fn invoke(self, v: u32) { match self { Handler::Callback(f) => f(v) } }
}

#[derive(Clone)]
pub struct Rpc { pending: Arc<Mutex<HashMap<u64, Handler>>> }

impl Rpc {
    pub fn request(&self, id: u64, f: impl FnOnce(u32) + Send + 'static) {
        self.pending.lock().insert(id, Handler::Callback(Box::new(f)));
    }

    pub fn handle_response(&self, id: u64, v: u32) {
        if let Some(handler) = self.pending.lock().remove(&id) {
            handler.invoke(v);
        }
    }

    pub fn chain(&self) {
        let me = self.clone();
        self.request(1, move |v| {
            me.request(2, move |w| println!("{v} {w}"));
        });
    }
}
