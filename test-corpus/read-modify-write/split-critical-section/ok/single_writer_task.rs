// One writer: the counter is written only by one worker spawned once, so no update can land
// between its read guard and its write guard; other code only reads it.
use std::sync::{Arc, RwLock};
use std::time::Duration;

pub struct Stats {
    ticks: RwLock<u64>,
}

impl Stats {
    fn tick(&self) {
        let n = *self.ticks.read().unwrap();
        *self.ticks.write().unwrap() = n + 1;
    }

    pub fn ticks(&self) -> u64 {
        *self.ticks.read().unwrap()
    }

    pub fn start(self: Arc<Self>) {
        std::thread::spawn(move || loop {
            self.tick();
            std::thread::sleep(Duration::from_secs(1));
        });
    }
}
