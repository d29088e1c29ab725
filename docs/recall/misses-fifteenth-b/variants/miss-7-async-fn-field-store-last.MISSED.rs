// #7 variant: an `async fn` testing and storing `self.done` directly
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Handle {
    done: Arc<AtomicBool>,
}

async fn stop_services() {}

impl Handle {
    pub async fn shutdown(&self) {
        if !self.done.load(Ordering::Relaxed) {
            stop_services().await;
            self.done.store(true, Ordering::Relaxed);
        }
    }
}
