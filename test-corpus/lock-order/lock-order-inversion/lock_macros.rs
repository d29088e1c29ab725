// Two methods take the same two locks through the project's lock macros, in opposite orders.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

macro_rules! zlock {
    ($var:expr) => {
        $var.lock().unwrap()
    };
}
macro_rules! zwrite {
    ($var:expr) => {
        $var.write().unwrap()
    };
}

pub struct Router {
    routes: RwLock<HashMap<u64, String>>,
    pending: Mutex<Vec<u64>>,
}

impl Router {
    pub fn add(&self, id: u64, to: String) {
        let mut routes = zwrite!(self.routes);
        let mut pending = zlock!(self.pending); //~ lock-order-inversion
        routes.insert(id, to);
        pending.retain(|p| *p != id);
    }

    pub fn flush(&self) {
        let pending = zlock!(self.pending);
        let mut routes = zwrite!(self.routes);
        for id in pending.iter() {
            routes.remove(id);
        }
    }
}
