// Probe (written from scratch) for a missed bug in graphprotocol/graph-node.
// Fix commit: 6ed2660fc "Fix lost waker bug in StreamAggregator polling" (parent ccc1835b).
//
// What goes wrong: an aggregating stream polls its inner streams; when an inner stream
// returns Ready with data that does not yet complete a group, the aggregator buffers it and
// returns Pending. The inner stream's Ready means it did not register the waker, so nothing
// will ever wake the aggregator's task again: the consumer (the subgraph's block stream)
// hangs. The fix calls `cx.waker().wake_by_ref()` before returning Pending whenever an inner
// stream returned Ready during the cycle.
//
// What racelint would need: in a `poll`/`poll_next`, a path that returns `Poll::Pending`
// after the only inner poll on that path returned `Ready` (so no inner future/stream holds
// the waker) and without a `wake`/`wake_by_ref`/waker registration. Expected: a finding at the
// `Poll::Pending` on line 44.
use futures::stream::{Stream, StreamExt};
use std::pin::Pin;
use std::task::{Context, Poll};

pub struct Grouper<S> {
    inner: S,
    buffer: Vec<u64>,
    group: usize,
}

impl<S: Stream<Item = u64> + Unpin> Stream for Grouper<S> {
    type Item = Vec<u64>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u64>>> {
        let this = &mut *self;
        match this.inner.poll_next_unpin(cx) {
            Poll::Ready(Some(x)) => {
                this.buffer.push(x);
                if this.buffer.len() >= this.group {
                    return Poll::Ready(Some(std::mem::take(&mut this.buffer)));
                }
            }
            Poll::Ready(None) => {
                let rest = std::mem::take(&mut this.buffer);
                return Poll::Ready(if rest.is_empty() { None } else { Some(rest) });
            }
            Poll::Pending => return Poll::Pending,
        }
        // inner returned Ready: nobody holds the waker now
        Poll::Pending
    }
}
