// The same capped counter as the one-worker near misses (ok/one_worker_runs.rs), but every
// run has a second runner: a task spawned per connection, two workers spawned once each, a
// method that library users can call. Two runs can both pass the check before either
// increments, and the counter goes over its cap.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::mpsc::UnboundedReceiver;

pub struct Backlog {
    total: AtomicUsize,
    max: usize,
}

impl Backlog {
    // called from a task spawned once per accepted connection
    fn admit(&self, n: usize) -> bool {
        let cur = self.total.load(Ordering::Relaxed); //~ atomic-check-then-act
        if cur >= self.max {
            return false;
        }
        self.total.fetch_add(n, Ordering::Relaxed);
        true
    }
}

pub async fn serve(backlog: Arc<Backlog>, listener: TcpListener) {
    loop {
        let Ok((_sock, _)) = listener.accept().await else {
            continue;
        };
        let b = backlog.clone();
        tokio::spawn(async move {
            loop {
                b.admit(1);
            }
        });
    }
}

pub struct Quota {
    used: AtomicUsize,
    limit: usize,
}

impl Quota {
    // called by two workers, each spawned once
    fn take_slot(&self) -> bool {
        if self.used.load(Ordering::Acquire) < self.limit { //~ atomic-check-then-act
            self.used.fetch_add(1, Ordering::AcqRel);
            return true;
        }
        false
    }
}

async fn left(q: Arc<Quota>, mut rx: UnboundedReceiver<u8>) {
    while rx.recv().await.is_some() {
        q.take_slot();
    }
}

async fn right(q: Arc<Quota>, mut rx: UnboundedReceiver<u8>) {
    while rx.recv().await.is_some() {
        q.take_slot();
    }
}

pub fn start(q: Arc<Quota>, a: UnboundedReceiver<u8>, b: UnboundedReceiver<u8>) {
    tokio::spawn(left(q.clone(), a));
    tokio::spawn(right(q, b));
}

pub struct Window {
    inflight: AtomicUsize,
    cap: usize,
}

impl Window {
    // public: a library user can call it from any thread, besides the worker below
    pub fn open(&self) -> Result<(), ()> {
        let now = self.inflight.load(Ordering::SeqCst); //~ atomic-check-then-act
        if now >= self.cap {
            return Err(());
        }
        self.inflight.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

pub fn spawn_sender(w: Arc<Window>, rx: std::sync::mpsc::Receiver<u32>) {
    std::thread::spawn(move || {
        while let Ok(_msg) = rx.recv() {
            let _ = w.open();
        }
    });
}
