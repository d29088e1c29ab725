// The check is a small helper that reads under its own guard.
use std::sync::{Arc, Mutex};

pub struct Inner {
    open: bool,
    idle: Vec<u32>,
}

#[derive(Clone)]
pub struct Pool {
    inner: Arc<Mutex<Inner>>,
}

impl Pool {
    fn is_open(&self) -> bool {
        self.inner.lock().unwrap().open
    }

    pub fn put(&self, c: u32) {
        if self.is_open() { //~ mutex-check-then-act
            self.inner.lock().unwrap().idle.push(c);
        }
    }

    pub fn close(&self) {
        let mut g = self.inner.lock().unwrap();
        g.open = false;
        g.idle.clear();
    }
}
