// Two temporary guards of one lock in one `let` initializer or in a struct literal (tikv's
// `cfg.value()` read guards passed to a constructor): the first read guard lives until the
// end of the statement, and a writer that queues before the second `read()` blocks it.
use std::sync::{Arc, RwLock};

#[derive(Clone, Default)]
pub struct Config {
    pub batch_size: usize,
    pub wait_ms: u64,
    pub verbose: bool,
}

pub struct Batch {
    size: usize,
    wait_ms: u64,
}

impl Batch {
    pub fn new(size: usize, wait_ms: u64) -> Self {
        Batch { size, wait_ms }
    }
}

pub struct Writer {
    batch: Batch,
    verbose: bool,
    limit: usize,
}

impl Writer {
    pub fn new(cfg: &Arc<RwLock<Config>>) -> Self {
        let batch = Batch::new(
            cfg.read().unwrap().batch_size,
            cfg.read().unwrap().wait_ms, //~ double-lock
        );
        cfg.write().unwrap().verbose = true;
        Self {
            batch,
            verbose: cfg.read().unwrap().verbose,
            limit: cfg.read().unwrap().batch_size * 2, //~ double-lock
        }
    }

    pub fn limit(&self) -> usize {
        self.limit + self.batch.size + self.batch.wait_ms as usize + usize::from(self.verbose)
    }
}
