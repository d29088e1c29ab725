// flume 77c4615 shape: a receive future tries to pop a message (under the channel lock, inside a
// helper), and only then re-arms its hook with the task's waker and pushes the hook on the
// waiting list under a second lock. A send in between finds no waiting hook.
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

pub struct Hook {
    waker: Mutex<Option<Waker>>,
    woken: AtomicBool,
}

impl Hook {
    /// Stores the waker; returns whether the hook had already fired (and so left the list).
    fn update_waker(&self, waker: &Waker) -> bool {
        *self.waker.lock().unwrap() = Some(waker.clone());
        self.woken.swap(false, Ordering::SeqCst)
    }

    fn fire(&self) {
        self.woken.store(true, Ordering::SeqCst);
        if let Some(w) = self.waker.lock().unwrap().take() {
            w.wake();
        }
    }
}

pub struct Chan<T> {
    queue: VecDeque<T>,
    waiting: VecDeque<Waker>,
}

pub struct Shared<T> {
    chan: Mutex<Chan<T>>,
    disconnected: AtomicBool,
}

fn wait_lock<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap()
}

impl<T> Shared<T> {
    fn try_recv(&self) -> Option<T> {
        wait_lock(&self.chan).queue.pop_front()
    }

    pub fn send(&self, msg: T) {
        let mut chan = wait_lock(&self.chan);
        chan.queue.push_back(msg);
        if let Some(w) = chan.waiting.pop_front() {
            w.wake();
        }
    }

    fn is_disconnected(&self) -> bool {
        self.disconnected.load(Ordering::SeqCst)
    }
}

pub struct RecvFut<T> {
    shared: Arc<Shared<T>>,
}

impl<T> Future for RecvFut<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let msg = wait_lock(&self.shared.chan).queue.pop_front();
        if let Some(msg) = msg {
            return Poll::Ready(Some(msg));
        }
        self.shared.chan.lock().unwrap().waiting.push_back(cx.waker().clone());
        Poll::Pending
    }
}
