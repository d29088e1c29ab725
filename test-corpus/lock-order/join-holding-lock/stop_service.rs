// A stop method clears the flag and joins the worker in one statement: the temporary write
// guard lives to the end of the statement, so the join waits for a worker that is blocked on
// the read lock the stopper holds.
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

pub struct Inner {
    active: bool,
    handle: Option<JoinHandle<()>>,
}

pub struct Service(Arc<RwLock<Inner>>);

fn worker(s: Arc<RwLock<Inner>>) {
    while s.read().unwrap().active { //~ spin-on-lock
        std::thread::yield_now();
    }
}

impl Service {
    pub fn start(&self) {
        let s = self.0.clone();
        self.0.write().unwrap().handle = Some(std::thread::spawn(move || worker(s)));
    }

    pub fn stop(&self) {
        self.0.write().unwrap().active = false;
        self.0.write().unwrap().handle.take().map(JoinHandle::join); //~ join-holding-lock
    }
}
