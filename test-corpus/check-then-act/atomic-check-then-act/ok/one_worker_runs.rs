// Near misses of `atomic-check-then-act`: a capped counter checked and then incremented in a
// `&self` method that only one worker task runs, one call after the other: a consumer loop
// spawned once (a function handed to `spawn`, an async block that loops, a thread draining a
// channel). Other tasks share the counter but only read or decrement it, so nothing can pass
// the check between this check and this increment.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

pub struct Backlog {
    total: AtomicUsize,
    max: usize,
}

impl Backlog {
    // called only by `drain_loop`, the one consumer task
    fn admit(&self, n: usize) -> bool {
        let cur = self.total.load(Ordering::Relaxed);
        if cur >= self.max {
            return false;
        }
        self.total.fetch_add(n, Ordering::Relaxed);
        true
    }

    pub fn release(&self, n: usize) {
        self.total.fetch_sub(n, Ordering::Relaxed);
    }

    pub fn len(&self) -> usize {
        self.total.load(Ordering::Relaxed)
    }
}

// the worker is a function handed to `spawn`
async fn drain_loop(backlog: Arc<Backlog>, mut rx: UnboundedReceiver<usize>) {
    while let Some(n) = rx.recv().await {
        if !backlog.admit(n) {
            continue;
        }
    }
}

pub fn start(backlog: Arc<Backlog>, rx: UnboundedReceiver<usize>) {
    tokio::spawn(drain_loop(backlog.clone(), rx));
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            backlog.release(1);
        }
    });
}

pub struct Quota {
    used: AtomicUsize,
    limit: usize,
}

impl Quota {
    // called only from the poller's async block, which loops
    async fn take_slot(&self) -> bool {
        if self.used.load(Ordering::Acquire) < self.limit {
            self.used.fetch_add(1, Ordering::AcqRel);
            return true;
        }
        false
    }
}

pub fn start_poller(q: Arc<Quota>) {
    tokio::spawn(async move {
        loop {
            q.take_slot().await;
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}

pub struct Window {
    inflight: AtomicUsize,
    cap: usize,
}

impl Window {
    // called only by the one thread that drains the channel
    fn open(&self) -> Result<(), ()> {
        let now = self.inflight.load(Ordering::SeqCst);
        if now >= self.cap {
            return Err(());
        }
        self.inflight.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

pub fn spawn_sender(w: Arc<Window>, rx: mpsc::Receiver<u32>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while let Ok(_msg) = rx.recv() {
            let _ = w.open();
        }
    })
}
