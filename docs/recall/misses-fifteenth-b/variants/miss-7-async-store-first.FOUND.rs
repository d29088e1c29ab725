// #7 variant: an async fn, store first, then the awaited work
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Handle {
    done: Arc<AtomicBool>,
}

async fn stop_services() {}

impl Handle {
    pub async fn shutdown(&self) {
        if !self.done.load(Ordering::Relaxed) {
            self.done.store(true, Ordering::Relaxed);
            stop_services().await;
        }
    }
}
