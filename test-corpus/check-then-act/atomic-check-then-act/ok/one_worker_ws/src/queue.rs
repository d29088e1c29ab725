use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct PendingQueue {
    items: Arc<Mutex<VecDeque<u64>>>,
    total: Arc<AtomicUsize>,
    max: usize,
}

impl PendingQueue {
    pub fn new(max: usize) -> Self {
        PendingQueue {
            items: Arc::new(Mutex::new(VecDeque::new())),
            total: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    pub fn enqueue(&self, packet: u64) -> Result<(), u64> {
        let current = self.total.load(Ordering::Relaxed);
        if current >= self.max {
            return Err(packet);
        }
        self.items.lock().unwrap().push_back(packet);
        self.total.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    pub fn expire(&self) {
        if self.items.lock().unwrap().pop_front().is_some() {
            self.total.fetch_sub(1, Ordering::Relaxed);
        }
    }
}
