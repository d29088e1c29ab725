use std::sync::atomic::{AtomicBool, Ordering};
use event_listener::Event;

pub struct Channel {
    closed: AtomicBool,
    closed_ops: Event,
}

impl Channel {
    pub fn close(&self) -> bool {
        if !self.closed.swap(true, Ordering::SeqCst) {
            self.closed_ops.notify(usize::MAX);
            return true;
        }
        false
    }

    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }
}

pub async fn wait_closed(channel: &Channel) {
    if !channel.closed.load(Ordering::SeqCst) {
        channel.closed_ops.listen().await;
    }
}
