// #7 variant: a plain fn, the store moved before the work (claim first)
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Handle {
    done: Arc<AtomicBool>,
}

fn stop_services() {}

impl Handle {
    pub fn shutdown(&self) {
        if !self.done.load(Ordering::Relaxed) {
            self.done.store(true, Ordering::Relaxed);
            stop_services();
        }
    }
}
