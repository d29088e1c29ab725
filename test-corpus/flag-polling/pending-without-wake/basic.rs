use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

// The `Stream` trait as futures defines it.
pub trait Stream {
    type Item;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>>;
}

// A grouping stream: an item that does not complete a group is buffered, and the poll
// returns `Pending` although the inner stream returned `Ready` (it holds no waker).
pub struct Grouper<S> {
    inner: S,
    buffer: Vec<u64>,
    group: usize,
}

impl<S: Stream<Item = u64> + Unpin> Stream for Grouper<S> {
    type Item = Vec<u64>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u64>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(x)) => {
                this.buffer.push(x);
                if this.buffer.len() >= this.group {
                    return Poll::Ready(Some(std::mem::take(&mut this.buffer)));
                }
            }
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => return Poll::Pending,
        }
        Poll::Pending //~ pending-without-wake
    }
}

// A filter written with `ready!`: a skipped item returns `Pending` with no waker stored.
pub struct Evens<S> {
    inner: S,
}

impl<S: Stream<Item = u64> + Unpin> Stream for Evens<S> {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, ctx: &mut Context<'_>) -> Poll<Option<u64>> {
        match ready!(Pin::new(&mut self.inner).poll_next(ctx)) {
            Some(x) if x % 2 == 1 => Poll::Pending, //~ pending-without-wake
            other => Poll::Ready(other),
        }
    }
}

// A future over a boxed inner future, with `if let`: a result that is not accepted yet
// returns `Pending`.
pub struct FirstAbove {
    fut: Pin<Box<dyn Future<Output = u32> + Send>>,
    min: u32,
    seen: Vec<u32>,
}

impl Future for FirstAbove {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let min = self.min;
        if let Poll::Ready(v) = self.fut.as_mut().poll(cx) {
            if v > min {
                return Poll::Ready(v);
            }
            self.seen.push(v);
        }
        Poll::Pending //~ pending-without-wake
    }
}
