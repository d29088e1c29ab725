// #7 variant: plain fn with `&mut self`, store first
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Handle {
    done: Arc<AtomicBool>,
}

fn stop_services() {}

impl Handle {
    pub fn shutdown(&mut self) {
        if !self.done.load(Ordering::Relaxed) {
            self.done.store(true, Ordering::Relaxed);
            stop_services();
        }
    }
}
