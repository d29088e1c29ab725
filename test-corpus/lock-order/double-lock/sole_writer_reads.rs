// `double-lock` where the lock has one writer loop but the second actor is still there: a
// second writer outside the worker (a public setter), or reads made outside the worker while
// the worker may queue a write between them.
use parking_lot::RwLock;
use std::sync::Arc;
use tokio::sync::mpsc::Receiver;

pub struct Deposits {
    pub len: usize,
    pub last_block: u64,
}

pub struct Service {
    deposits: RwLock<Deposits>,
    stats: RwLock<Deposits>,
}

impl Service {
    fn import(&self, block: u64) {
        let mut d = self.deposits.write();
        d.len += 1;
        d.last_block = block;
        self.stats.write().len += 1;
    }

    // a second writer anyone can call
    pub fn reset(&self) {
        self.deposits.write().len = 0;
    }

    // runs in the worker, but `reset` can queue a write between the two reads
    fn report(&self) {
        println!(
            "{} {}",
            self.deposits.read().len,
            self.deposits.read().last_block //~ double-lock
        );
    }

    // the worker is the only writer of `stats`, but this reader runs elsewhere
    pub fn describe(&self) -> String {
        format!("{} {}", self.stats.read().len, self.stats.read().last_block) //~ double-lock
    }
}

async fn run_updates(svc: Arc<Service>, mut rx: Receiver<u64>) {
    while let Some(block) = rx.recv().await {
        svc.import(block);
        svc.report();
    }
}

pub fn start(svc: Arc<Service>, rx: Receiver<u64>) {
    tokio::spawn(async move { run_updates(svc, rx).await });
}
