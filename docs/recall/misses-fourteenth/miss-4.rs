// hyper c998a4d4 shape: an executor polls its driver through a `match` on a temporary guard and,
// in the Pending arm, drains the spawn queue, which locks the driver again.
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

pub struct Driver {
    tasks: Vec<Task>,
}

impl Driver {
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<()>> {
        for t in self.tasks.iter_mut() {
            if t.as_mut().poll(cx).is_ready() {
                return Poll::Ready(Some(()));
            }
        }
        Poll::Pending
    }
}

pub struct Executor {
    driver: Mutex<Driver>,
    spawn_queue: Mutex<Vec<Task>>,
}

impl Executor {
    fn drain_queue(&self) -> bool {
        let mut queue = self.spawn_queue.lock().unwrap();
        if queue.is_empty() {
            return false;
        }
        let mut driver = self.driver.lock().unwrap();
        driver.tasks.extend(queue.drain(..));
        true
    }

    pub fn poll_next(&self, cx: &mut Context<'_>) -> Option<()> {
        loop {
            match self.driver.lock().unwrap().poll_next(cx) {
                Poll::Ready(val) => return val,
                Poll::Pending => {
                    if self.drain_queue() {
                        continue;
                    }
                    return None;
                }
            }
        }
    }
}
