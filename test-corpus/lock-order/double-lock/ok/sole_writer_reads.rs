// Near miss of `double-lock`: a read lock taken again while a read guard is held, where every
// write lock of it is taken by one worker task spawned once (a consumer draining a channel, a
// poller thread) and the two reads run in that same worker. The only writer is busy reading:
// no writer can queue between the two read guards.
use parking_lot::RwLock;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::Receiver;

pub struct Deposits {
    pub len: usize,
    pub last_block: u64,
}

pub struct Service {
    deposits: RwLock<Deposits>,
}

impl Service {
    // the writer, called only by the consumer loop
    fn import(&self, block: u64) {
        let mut d = self.deposits.write();
        d.len += 1;
        d.last_block = block;
    }

    // reads twice in one statement, called only by the consumer loop
    fn report(&self) {
        println!(
            "{} {}",
            self.deposits.read().len,
            self.deposits.read().last_block
        );
    }

    pub fn len(&self) -> usize {
        self.deposits.read().len
    }
}

// the worker is a function that loops, called from a spawned async block
async fn run_updates(svc: Arc<Service>, mut rx: Receiver<u64>) {
    while let Some(block) = rx.recv().await {
        svc.import(block);
        svc.report();
    }
}

pub fn start(svc: Arc<Service>, rx: Receiver<u64>) {
    tokio::spawn(async move { run_updates(svc, rx).await });
}

pub struct Clock {
    now: std::sync::RwLock<u64>,
}

impl Clock {
    // a std thread started once by the constructor: the only writer, which also reads twice
    pub fn new() -> Arc<Clock> {
        let c = Arc::new(Clock { now: std::sync::RwLock::new(0) });
        let w = c.clone();
        std::thread::spawn(move || loop {
            let now = w.now.read().unwrap();
            let later = *w.now.read().unwrap() + 1;
            drop(now);
            *w.now.write().unwrap() = later;
            std::thread::sleep(Duration::from_millis(10));
        });
        c
    }

    pub fn now(&self) -> u64 {
        *self.now.read().unwrap()
    }
}
