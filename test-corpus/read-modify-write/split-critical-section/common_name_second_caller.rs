// Near misses of the single-writer exemption through a common name: the scheduler thread
// runs `tick` in its loop, and so does code that can run beside it (a public handler calling
// it on a shared value, a second thread calling it through its type path).
use std::sync::{Arc, RwLock};

pub struct Scheduler {
    processing: RwLock<u64>,
}

impl Scheduler {
    fn tick(&self) {
        let n = *self.processing.read().unwrap(); //~ split-critical-section
        *self.processing.write().unwrap() = n + 1;
    }

    pub fn run(self: Arc<Self>) {
        std::thread::Builder::new()
            .name("scheduler".into())
            .spawn(move || loop {
                self.tick();
            })
            .unwrap();
    }
}

pub fn handle(s: &Scheduler) {
    s.tick();
}

pub struct Queue {
    pending: RwLock<u64>,
}

impl Queue {
    fn tick(&self) {
        let n = *self.pending.read().unwrap(); //~ split-critical-section
        *self.pending.write().unwrap() = n + 1;
    }

    pub fn run(self: Arc<Self>) {
        let other = self.clone();
        std::thread::spawn(move || loop {
            self.tick();
        });
        std::thread::spawn(move || loop {
            Queue::tick(&other);
        });
    }
}
