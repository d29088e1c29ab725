// Near misses of `atomic-load-store`: an atomic loaded and stored back where every write of it
// is made by one worker task spawned once (a controller loop, a thread draining a channel, a
// poller's async block), through helpers only that worker calls. Other tasks only load it:
// no second writer can store between the load and the store.
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

pub struct Budget {
    per_partition: AtomicUsize,
    total: usize,
}

impl Budget {
    // private, called only by `rebalance`
    fn set_per_partition(&self, v: usize) {
        let old = self.per_partition.load(Ordering::Relaxed);
        self.per_partition.store(old.min(v).max(v / 2), Ordering::Relaxed);
    }

    fn rebalance(&self, partitions: usize) {
        self.set_per_partition(self.total / partitions.max(1));
    }

    pub fn per_partition(&self) -> usize {
        self.per_partition.load(Ordering::Relaxed)
    }
}

// the controller: a function handed to `spawn`, which loops
async fn controller(budget: Arc<Budget>, mut rx: tokio::sync::mpsc::Receiver<usize>) {
    while let Some(n) = rx.recv().await {
        budget.rebalance(n);
    }
}

pub fn start(budget: Arc<Budget>, rx: tokio::sync::mpsc::Receiver<usize>) {
    tokio::spawn(controller(budget, rx));
}

static HIGH_WATER: AtomicU64 = AtomicU64::new(0);

// a free function, called only by the sampler thread
fn record(v: u64) {
    let old = HIGH_WATER.load(Ordering::Relaxed);
    HIGH_WATER.store(old.max(v), Ordering::Relaxed);
}

pub fn high_water() -> u64 {
    HIGH_WATER.load(Ordering::Relaxed)
}

pub fn spawn_sampler(rx: mpsc::Receiver<u64>) {
    std::thread::spawn(move || {
        for v in rx {
            record(v);
        }
    });
}

pub struct Probe {
    epoch: AtomicU64,
}

impl Probe {
    // written only from the poller's async block
    fn publish(&self) {
        let e = self.epoch.load(Ordering::Acquire);
        self.epoch.store(e + 1, Ordering::Release);
    }

    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }
}

pub fn start_probe(p: Arc<Probe>) {
    tokio::spawn(async move {
        loop {
            p.publish();
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
    });
}
