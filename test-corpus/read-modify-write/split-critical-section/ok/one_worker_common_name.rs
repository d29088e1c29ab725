// One writer through a common name: `Scheduler::tick` shares its name with other `tick`s
// (another type's `tick(by)`, a free `tick()`, an interval's `tick(n)` with an argument,
// `Clock::tick(..)` through its type), none of which can run it. Only the scheduler thread,
// spawned once through a thread builder, calls it, and only in its loop.
use std::sync::{Arc, RwLock};

pub struct Scheduler {
    processing: RwLock<u64>,
}

impl Scheduler {
    fn tick(&self) {
        let n = *self.processing.read().unwrap();
        *self.processing.write().unwrap() = n + 1;
    }

    pub fn processed(&self) -> u64 {
        *self.processing.read().unwrap()
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

pub struct Clock {
    ticks: u64,
}

impl Clock {
    pub fn tick(&mut self, by: u64) {
        self.ticks += by;
    }
}

pub fn tick() {}

pub fn handle(clock: &mut Clock, s: &Scheduler) -> u64 {
    let mut interval = make_interval();
    interval.tick(5);
    clock.tick(2);
    Clock::tick(clock, 1);
    tick();
    s.processed()
}

fn make_interval() -> Clock {
    Clock { ticks: 0 }
}
