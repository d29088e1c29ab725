use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use futures::task::{self, Task};
use futures::{Async, Future, Poll};

pub struct Conn(u32);

#[derive(Default)]
struct PoolInner {
    idle: HashMap<String, Vec<Conn>>,
    waiters: HashMap<String, Vec<Task>>,
}

pub struct Checkout {
    inner: Arc<Mutex<PoolInner>>,
    key: String,
}

impl Future for Checkout {
    type Item = Conn;
    type Error = ();

    fn poll(&mut self) -> Poll<Conn, ()> {
        let found = {
            let mut inner = self.inner.lock().unwrap();
            inner.idle.get_mut(&self.key).and_then(|list| list.pop())
        };
        if let Some(conn) = found {
            return Ok(Async::Ready(conn));
        }
        self.inner.lock().unwrap().waiters.entry(self.key.clone()).or_default().push(task::current());
        Ok(Async::NotReady)
    }
}
