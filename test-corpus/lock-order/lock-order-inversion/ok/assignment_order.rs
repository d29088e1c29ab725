// Assignment evaluates its right operand first: the place's lock is taken after the right
// operand's guards, so these orders agree. An overloaded compound assignment (`Duration`,
// a user type) evaluates the place first: that order is the written one.
use parking_lot::Mutex;
use std::time::Duration;

pub struct Stats {
    pub num_workers: usize,
}

pub struct Workers {
    list: Mutex<Vec<u32>>,
    stats: Mutex<Stats>,
}

impl Workers {
    pub fn add(&self, id: u32) {
        let mut list = self.list.lock();
        list.push(id);
        self.stats.lock().num_workers = list.len();
    }

    pub fn remove(&self) {
        self.stats.lock().num_workers += self.list.lock().len();
    }
}

pub struct Timers {
    busy: Mutex<Duration>,
    idle: Mutex<Duration>,
}

impl Timers {
    pub fn fold_idle(&self) {
        let busy = self.busy.lock();
        let idle = self.idle.lock();
        drop((busy, idle));
    }

    pub fn fold_busy(&self) {
        *self.busy.lock() += *self.idle.lock();
    }
}
