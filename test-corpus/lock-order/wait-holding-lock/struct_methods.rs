// Methods of a struct shared in an `Arc`: `wait_ready` keeps `log` locked while it sleeps on
// `cond`; `publish` locks `log` before it notifies.
use std::sync::{Arc, Condvar, Mutex};

pub struct Channel {
    ready: Mutex<bool>,
    cond: Condvar,
    log: Mutex<Vec<String>>,
}

impl Channel {
    pub fn wait_ready(&self) {
        let mut log = self.log.lock().unwrap();
        let ready = self.ready.lock().unwrap();
        let _ready = self.cond.wait_while(ready, |r| !*r).unwrap(); //~ wait-holding-lock
        log.push("ready".to_string());
    }

    pub fn publish(&self) {
        self.log.lock().unwrap().push("publish".to_string());
        *self.ready.lock().unwrap() = true;
        self.cond.notify_all();
    }
}

pub fn run(c: Arc<Channel>) {
    let c2 = Arc::clone(&c);
    std::thread::spawn(move || c2.wait_ready());
    c.publish();
}
