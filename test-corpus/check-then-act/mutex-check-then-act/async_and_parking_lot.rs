// tokio's Mutex and parking_lot's: the same split, async and sync.
use std::sync::Arc;

pub struct Limits {
    pub active: usize,
    pub waiters: Vec<u64>,
}

pub struct Gate {
    inner: Arc<tokio::sync::Mutex<Limits>>,
    pl: Arc<parking_lot::Mutex<Limits>>,
}

impl Gate {
    pub async fn enter(&self, max: usize) {
        if self.inner.lock().await.active < max { //~ mutex-check-then-act
            self.inner.lock().await.active += 1;
        }
    }

    pub fn enter_sync(&self, max: usize) {
        if self.pl.lock().active < max { //~ mutex-check-then-act
            let mut g = self.pl.lock();
            g.active += 1;
        }
    }

    pub fn wait_sync(&self, id: u64) {
        if self.pl.lock().waiters.is_empty() { //~ mutex-check-then-act
            self.pl.lock().waiters.push(id);
        }
    }
}
