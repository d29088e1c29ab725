// Near miss of the single-writer exemption: two workers write the counter, so an increment
// made by one between the other's read and write is lost.
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub struct Stats {
    ticks: RwLock<u64>,
}

impl Stats {
    fn tick(&self) {
        let n = *self.ticks.read().unwrap(); //~ split-critical-section
        *self.ticks.write().unwrap() = n + 1;
    }

    pub fn start(self: Arc<Self>) {
        let other = self.clone();
        std::thread::spawn(move || loop {
            self.tick();
            std::thread::sleep(Duration::from_secs(1));
        });
        std::thread::spawn(move || loop {
            other.tick();
            std::thread::sleep(Duration::from_secs(2));
        });
    }
}
