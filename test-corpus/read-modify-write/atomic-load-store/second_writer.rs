// The single-writer near misses (ok/single_writer_task.rs) with a second writer: another
// function stores the atomic from another context, or the worker is spawned once per
// connection. A store between the load and the store back is lost.
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct Budget {
    per_partition: AtomicUsize,
    total: usize,
}

impl Budget {
    fn set_per_partition(&self, v: usize) {
        let old = self.per_partition.load(Ordering::Relaxed);
        self.per_partition.store(old.min(v).max(v / 2), Ordering::Relaxed); //~ atomic-load-store
    }

    fn rebalance(&self, partitions: usize) {
        self.set_per_partition(self.total / partitions.max(1));
    }

    // a second writer, which any caller can run
    pub fn reset(&self) {
        self.per_partition.store(self.total, Ordering::Relaxed);
    }
}

async fn controller(budget: Arc<Budget>, mut rx: tokio::sync::mpsc::Receiver<usize>) {
    while let Some(n) = rx.recv().await {
        budget.rebalance(n);
    }
}

pub fn start(budget: Arc<Budget>, rx: tokio::sync::mpsc::Receiver<usize>) {
    tokio::spawn(controller(budget, rx));
}

pub struct Probe {
    epoch: AtomicU64,
}

impl Probe {
    fn publish(&self) {
        let e = self.epoch.load(Ordering::Acquire);
        self.epoch.store(e + 1, Ordering::Release); //~ atomic-load-store
    }
}

// one poller per connection: two pollers publish at once
pub async fn serve(p: Arc<Probe>, listener: tokio::net::TcpListener) {
    loop {
        let Ok((_sock, _)) = listener.accept().await else {
            continue;
        };
        let p = p.clone();
        tokio::spawn(async move {
            loop {
                p.publish();
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        });
    }
}
