// #7 variant: the real `async move` block and local clone, but the store moved before the work
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct Handle {
    done: Arc<AtomicBool>,
}

async fn stop_services() {}

impl Handle {
    pub fn shutdown(&self) -> impl Future<Output = ()> {
        let done = self.done.clone();
        async move {
            if !done.load(Ordering::Relaxed) {
                done.store(true, Ordering::Relaxed);
                stop_services().await;
            }
        }
    }
}
