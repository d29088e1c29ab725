// A generic newtype service (its one field is the lock) whose worker thread polls it through
// its own method; the trait's `join` stops and joins the worker under a write guard.
use std::sync::{Arc, RwLock};
use std::thread::{self, JoinHandle};

pub trait Service {
    fn join(&self);
}

pub struct Inner<T> {
    items: Vec<T>,
    running: bool,
    worker: Option<JoinHandle<()>>,
}

pub struct Svc<T: Send + Sync + 'static>(Arc<RwLock<Inner<T>>>);

impl<T: Send + Sync + 'static> Clone for Svc<T> {
    fn clone(&self) -> Self {
        Svc(self.0.clone())
    }
}

impl<T: Send + Sync + 'static> Svc<T> {
    pub fn running(&self) -> bool {
        self.0.read().unwrap().running
    }

    pub fn spawn_worker<F: FnMut() + Send + 'static>(&self, mut tick: F) {
        let me = self.clone();
        let worker = thread::spawn(move || {
            while me.running() {
                tick();
                thread::sleep(std::time::Duration::from_millis(5));
            }
        });
        self.0.write().unwrap().worker = Some(worker);
    }

    pub fn len(&self) -> usize {
        self.0.read().unwrap().items.len()
    }
}

impl<T: Send + Sync + 'static> Service for Svc<T> {
    fn join(&self) {
        let mut inner = self.0.write().unwrap();
        inner.running = false;
        if let Some(w) = inner.worker.take() {
            let _ = w.join(); //~ join-holding-lock
        }
    }
}
