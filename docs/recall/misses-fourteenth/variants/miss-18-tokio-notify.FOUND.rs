use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;

pub struct Channel {
    closed: AtomicBool,
    closed_ops: Notify,
}

impl Channel {
    pub fn close(&self) -> bool {
        if !self.closed.swap(true, Ordering::SeqCst) {
            self.closed_ops.notify_waiters();
            return true;
        }
        false
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }
}

pub async fn wait_closed(channel: &Channel) {
    if !channel.is_closed() {
        channel.closed_ops.notified().await;
    }
}
