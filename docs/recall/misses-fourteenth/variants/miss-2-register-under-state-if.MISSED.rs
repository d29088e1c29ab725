// h2 1a2fc7f shape: the flush poll checks "all pending frames buffered" under one guard,
// flushes without the lock, and registers its waker under a second guard. A producer that
// queues a frame in between takes the old (empty) waker slot and wakes nobody.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

#[derive(PartialEq)]
pub enum Status {
    Complete,
    Full,
}

pub struct Inner {
    queue: VecDeque<Vec<u8>>,
    task: Option<Waker>,
    in_flight: usize,
}

impl Inner {
    fn buffer_pending(&mut self, dst: &mut Vec<u8>) -> Status {
        while let Some(frame) = self.queue.pop_front() {
            if dst.len() + frame.len() > 4096 {
                self.queue.push_front(frame);
                return Status::Full;
            }
            dst.extend_from_slice(&frame);
            self.in_flight += 1;
        }
        Status::Complete
    }

    fn reclaim(&mut self) -> bool {
        if self.in_flight > 0 {
            self.in_flight = 0;
            return true;
        }
        false
    }
}

pub struct Streams {
    inner: Arc<Mutex<Inner>>,
}

impl Streams {
    pub fn send(&self, frame: Vec<u8>) {
        let mut me = self.inner.lock().unwrap();
        me.queue.push_back(frame);
        if let Some(task) = me.task.take() {
            task.wake();
        }
    }


    pub fn poll_idle(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let empty = {
            let me = self.inner.lock().unwrap();
            me.queue.is_empty()
        };
        if !empty {
            return Poll::Ready(());
        }
        {
            let mut me = self.inner.lock().unwrap();
            if me.in_flight == 0 {
                me.task = Some(cx.waker().clone());
            }
        }
        Poll::Pending
    }
}
