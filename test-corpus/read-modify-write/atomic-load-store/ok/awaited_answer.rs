// The stored value is what an awaited call answered, the loaded value only went into the
// request (restate's memory rebalancer, ldk-node's gossip timestamp): two runs in any order
// leave one answer stored, as a serial order would.
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

pub struct Budget {
    total: usize,
    per_partition: AtomicUsize,
}

async fn open_partitions(_current: usize) -> usize {
    4
}

pub async fn rebalance(b: Arc<Budget>) {
    let current = b.per_partition.load(Ordering::Relaxed);
    let n = open_partitions(current).await;
    if let Some(new_budget) = b.total.checked_div(n) {
        if new_budget != current {
            b.per_partition.store(new_budget, Ordering::Relaxed);
        }
    }
}

pub struct Sync {
    last: AtomicU64,
}

pub struct Client;

impl Client {
    pub async fn snapshot_since(&self, _t: u64) -> Result<u64, ()> {
        Ok(0)
    }
}

pub async fn sync(s: Arc<Sync>, client: &Client) -> Result<(), ()> {
    let since = s.last.load(Ordering::Acquire);
    let latest = client.snapshot_since(since).await?;
    s.last.store(latest, Ordering::Release);
    Ok(())
}
