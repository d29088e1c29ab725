// async-channel 14ba707 shape: upgrading a weak sender increments the sender count and, if the
// old count was 0 (channel closed meanwhile), stores 0 back, wiping a concurrent upgrade's
// increment.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Channel {
    sender_count: AtomicUsize,
    closed: std::sync::atomic::AtomicBool,
}

pub struct Sender {
    channel: Arc<Channel>,
}

pub struct WeakSender {
    channel: Arc<Channel>,
}

impl WeakSender {
    pub fn upgrade(&self) -> Option<Sender> {
        if self.channel.closed.load(Ordering::SeqCst) {
            None
        } else {
            let old_count = self.channel.sender_count.fetch_add(1, Ordering::Relaxed);
            if old_count == 0 {
                // closed while we were incrementing
                self.channel.sender_count.store(0, Ordering::Release);
                None
            } else if old_count > usize::MAX / 2 {
                std::process::abort();
            } else {
                Some(Sender { channel: self.channel.clone() })
            }
        }
    }
}
