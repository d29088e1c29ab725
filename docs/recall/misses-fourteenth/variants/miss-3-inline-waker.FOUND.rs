// hyper 4133181b shape: a pool checkout looks for an idle connection under one guard (helper
// `take`), and registers itself as a waiter under a second guard (helper `add_waiter`). A `put`
// in between finds no waiter and parks the connection as idle; the checkout then waits forever.
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use futures::channel::oneshot;

pub struct Conn(u32);

#[derive(Default)]
struct PoolInner {
    idle: HashMap<String, Vec<Conn>>,
    waiters: HashMap<String, Vec<std::task::Waker>>,
}

#[derive(Clone, Default)]
pub struct Pool {
    inner: Arc<Mutex<PoolInner>>,
}

impl Pool {
    fn take(&self, key: &str) -> Option<Conn> {
        let mut inner = self.inner.lock().unwrap();
        inner.idle.get_mut(key).and_then(|list| list.pop())
    }

    fn add_waiter(&self, key: String, waker: std::task::Waker) {
        self.inner.lock().unwrap().waiters.entry(key).or_default().push(waker);
    }

    pub fn put(&self, key: String, conn: Conn) {
        let mut inner = self.inner.lock().unwrap();
        inner.idle.entry(key.clone()).or_default().push(conn);
        if let Some(wakers) = inner.waiters.remove(&key) {
            for w in wakers {
                w.wake();
            }
        }
    }
}

pub struct Checkout {
    pool: Pool,
    key: String,
    waiter: Option<oneshot::Receiver<Conn>>,
}

impl Future for Checkout {
    type Output = Option<Conn>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Conn>> {
        if let Some(rx) = self.waiter.as_mut() {
            return match Pin::new(rx).poll(cx) {
                Poll::Ready(res) => Poll::Ready(res.ok()),
                Poll::Pending => Poll::Pending,
            };
        }
        let found = {
            let mut inner = self.pool.inner.lock().unwrap();
            inner.idle.get_mut(&self.key).and_then(|list| list.pop())
        };
        if let Some(conn) = found {
            return Poll::Ready(Some(conn));
        }
        self.pool.inner.lock().unwrap().waiters.entry(self.key.clone()).or_default().push(cx.waker().clone());
        Poll::Pending
    }
}
