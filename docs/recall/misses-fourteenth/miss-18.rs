// async-channel 7a162b5 shape: `closed()` checks whether the channel is closed and only then starts
// listening on an `event_listener::Event`; `close()` marks the queue closed and notifies the
// listeners that exist at that moment. A close in between is never seen.
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use event_listener::{Event, EventListener};

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

pub struct Closed {
    channel: Arc<Channel>,
    listener: Option<Pin<Box<EventListener>>>,
}

impl Closed {
    pub fn poll_closed(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if !self.channel.is_closed() {
            self.listener = Some(Box::pin(self.channel.closed_ops.listen()));
            if let Some(l) = self.listener.as_mut() {
                if l.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
            }
        }
        Poll::Ready(())
    }
}

pub async fn wait_closed(channel: &Channel) {
    if !channel.is_closed() {
        channel.closed_ops.listen().await;
    }
}
