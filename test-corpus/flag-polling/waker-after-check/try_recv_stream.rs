// A stream over a channel: `try_recv` comes up empty, then the waker is stored; a sender that
// sends and wakes in between finds the old slot empty.
use futures::Stream;
use std::pin::Pin;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

pub struct Events {
    rx: Receiver<u32>,
    waker: Arc<Mutex<Option<Waker>>>,
}

impl Stream for Events {
    type Item = u32;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if let Ok(v) = self.rx.try_recv() {
            return Poll::Ready(Some(v));
        }
        *self.waker.lock().unwrap() = Some(cx.waker().clone()); //~ waker-after-check
        Poll::Pending
    }
}
