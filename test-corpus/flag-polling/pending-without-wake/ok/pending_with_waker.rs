use futures::stream::{Stream, StreamExt};
use std::pin::Pin;
use std::task::{ready, Context, Poll, Waker};

// Polls the inner stream again until it returns `Pending`: then it holds the waker.
pub struct Grouper<S> {
    inner: S,
    buffer: Vec<u64>,
    group: usize,
}

impl<S: Stream<Item = u64> + Unpin> Stream for Grouper<S> {
    type Item = Vec<u64>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u64>>> {
        let this = &mut *self;
        loop {
            match this.inner.poll_next_unpin(cx) {
                Poll::Ready(Some(x)) => {
                    this.buffer.push(x);
                    if this.buffer.len() >= this.group {
                        return Poll::Ready(Some(std::mem::take(&mut this.buffer)));
                    }
                }
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// Wakes the task before returning `Pending` after a `Ready`.
pub struct Evens<S> {
    inner: S,
}

impl<S: Stream<Item = u64> + Unpin> Stream for Evens<S> {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        match ready!(self.inner.poll_next_unpin(cx)) {
            Some(x) if x % 2 == 1 => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            other => Poll::Ready(other),
        }
    }
}

// Two inner streams share the context: the one that returned `Pending` holds the waker.
pub struct Either<A, B> {
    a: A,
    b: B,
}

impl<A: Stream<Item = u8> + Unpin, B: Stream<Item = u8> + Unpin> Stream for Either<A, B> {
    type Item = u8;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u8>> {
        if let Poll::Ready(Some(x)) = self.a.poll_next_unpin(cx) {
            return Poll::Ready(Some(x));
        }
        if let Poll::Ready(Some(x)) = self.b.poll_next_unpin(cx) {
            return Poll::Ready(Some(x));
        }
        Poll::Pending
    }
}

// Stores the waker for a producer before returning `Pending`.
pub struct Slot<S> {
    inner: S,
    waker: Option<Waker>,
    ready: bool,
}

impl<S: Stream<Item = ()> + Unpin> Stream for Slot<S> {
    type Item = ();

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<()>> {
        let this = &mut *self;
        if let Poll::Ready(Some(())) = this.inner.poll_next_unpin(cx) {
            this.ready = true;
        }
        if this.ready {
            return Poll::Ready(Some(()));
        }
        this.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

// The inner poll's `Pending` is what returns `Pending`; its `Ready` arms all return.
pub struct Mapped<S> {
    inner: S,
}

impl<S: Stream<Item = u8> + Unpin> Stream for Mapped<S> {
    type Item = u16;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u16>> {
        match self.inner.poll_next_unpin(cx) {
            Poll::Ready(x) => Poll::Ready(x.map(u16::from)),
            Poll::Pending => Poll::Pending,
        }
    }
}

// A stream that ended stays `Pending` for ever, on purpose; a value bound from the poll's
// match tells which arm ran.
pub struct Tail<S> {
    inner: S,
    pending_bytes: usize,
}

impl<S: Stream<Item = u8> + Unpin> Stream for Tail<S> {
    type Item = u8;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u8>> {
        let pending = match self.inner.poll_next_unpin(cx) {
            Poll::Pending => true,
            Poll::Ready(Some(_)) => false,
            Poll::Ready(None) => false,
        };
        if pending {
            return Poll::Pending;
        }
        match ready!(self.inner.poll_next_unpin(cx)) {
            Some(b) => Poll::Ready(Some(b)),
            None => Poll::Pending,
        }
    }
}

pub struct Ended<S> {
    inner: S,
}

impl<S: Stream<Item = u8> + Unpin> Stream for Ended<S> {
    type Item = u8;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u8>> {
        if let Some(b) = ready!(self.inner.poll_next_unpin(cx)) {
            return Poll::Ready(Some(b));
        }
        Poll::Pending
    }
}
