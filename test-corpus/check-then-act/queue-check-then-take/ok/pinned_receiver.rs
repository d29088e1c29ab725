// A poll method receives `self: Pin<&mut Self>`: exclusive access, one caller at a time, so
// nothing takes from the buffer between the check and the take.
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

pub struct Replay {
    rewind: VecDeque<Vec<u8>>,
}

impl Replay {
    pub fn poll_chunk(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        if !self.rewind.is_empty() {
            let data = self.rewind.pop_front().unwrap();
            return Poll::Ready(Some(data));
        }
        Poll::Ready(None)
    }

    pub fn drain_boxed(mut self: Box<Self>) -> usize {
        let mut n = 0;
        if !self.rewind.is_empty() {
            n += self.rewind.pop_front().unwrap().len();
        }
        n
    }
}
