// A block driven by `block_on` that holds a blocking guard across `.await` is still a
// stall when an async task takes the same lock: that task (and the runtime worker polling it,
// or on a current-thread runtime the very thread that holds the guard) waits until the
// `block_on`'d future completes.
use std::sync::{Arc, Mutex};
use tokio::runtime::Runtime;

pub struct Index {
    entries: Arc<Mutex<Vec<u64>>>,
}

impl Index {
    // the same lock is taken by the refresher task below
    pub fn rebuild(&self, rt: &Runtime) {
        rt.block_on(async {
            let mut e = self.entries.lock().unwrap(); //~ guard-across-await
            let fresh = load().await;
            e.extend(fresh);
        })
    }

    pub fn start_refresher(&self, rt: &Runtime) {
        let entries = self.entries.clone();
        rt.spawn(async move {
            loop {
                tick().await;
                entries.lock().unwrap().push(1);
            }
        });
    }
}

pub struct Journal {
    lines: Mutex<Vec<String>>,
}

impl Journal {
    // a sync helper that a task calls locks it too
    fn append(&self, s: String) {
        self.lines.lock().unwrap().push(s);
    }

    pub async fn on_event(&self, s: String) {
        self.append(s);
    }

    pub fn flush(&self) {
        futures::executor::block_on(async move {
            let lines = self.lines.lock().unwrap(); //~ guard-across-await
            write_out(&lines).await;
        })
    }
}

// a future run by `block_on` whose own `join!` branch takes the lock: both branches are
// polled by the one thread that holds the guard
pub fn both(m: &Mutex<u32>, h: &tokio::runtime::Handle) {
    h.block_on(async {
        tokio::join!(
            async {
                let g = m.lock().unwrap(); //~ guard-across-await
                tick().await;
                drop(g);
            },
            async {
                *m.lock().unwrap() += 1;
            }
        );
    });
}

async fn load() -> Vec<u64> {
    Vec::new()
}
async fn tick() {}
async fn write_out(_l: &[String]) {}
