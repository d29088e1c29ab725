use crate::cache::ServerCache;
use std::sync::Arc;
use tokio::sync::mpsc::Receiver;

// the worker: one event at a time
pub async fn consume(cache: Arc<ServerCache>, mut rx: Receiver<u64>) {
    while let Some(slot) = rx.recv().await {
        cache.recompute(slot);
    }
}
