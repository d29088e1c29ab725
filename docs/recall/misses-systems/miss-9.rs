// Expected: a lock-order / deadlock finding at line 29 (in the spirit of wait-holding-lock):
// `self.0.write().unwrap().handle.take().map(JoinHandle::join)` keeps the temporary write guard
// alive for the whole statement, so the join waits for the worker thread while holding the
// lock, and the worker's loop (line 17) read-locks the same RwLock to check `active`: the
// worker can never observe the stop and exit -> deadlock. racelint models Condvar waits under
// a lock (wait-holding-lock) but not `JoinHandle::join` (or `recv()`, `flush()` waiting for
// another thread) under a guard that the awaited thread needs.
// (From rustdesk 7c99ac2ba "fix deadlock when join general service"; same shape as nushell
// e1cfc96ee8 where gc.flush() waited for the GC thread while holding the plugin mutex.)
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

pub struct Inner { active: bool, handle: Option<JoinHandle<()>> }
pub struct Service(Arc<RwLock<Inner>>);

fn worker(s: Arc<RwLock<Inner>>) {
    while s.read().unwrap().active {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

impl Service {
    pub fn start(&self) {
        let s = self.0.clone();
        self.0.write().unwrap().handle = Some(std::thread::spawn(move || worker(s)));
    }
    pub fn join(&self) {
        self.0.write().unwrap().active = false;
        self.0.write().unwrap().handle.take().map(JoinHandle::join);
    }
}
