// #7 variant: a plain fn, no await between test and store
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Handle {
    done: Arc<AtomicBool>,
}

fn stop_services() {}

impl Handle {
    pub fn shutdown(&self) {
        if !self.done.load(Ordering::Relaxed) {
            stop_services();
            self.done.store(true, Ordering::Relaxed);
        }
    }
}
