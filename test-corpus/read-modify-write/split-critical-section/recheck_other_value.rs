// The second section tests something, but not the value it overwrites: `matches!` on a
// local is no re-check of the guarded state.

use std::sync::Mutex;

#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    Fast,
    Slow,
}

pub struct Counter {
    total: Mutex<u64>,
}

impl Counter {
    pub fn add(&self, n: u64, mode: Mode) {
        let cur = *self.total.lock().unwrap(); //~ split-critical-section
        let next = cur + n;
        let mut g = self.total.lock().unwrap();
        if matches!(mode, Mode::Fast) {
            *g = next;
        }
    }
}

pub struct Job {
    enabled: bool,
    progress: u64,
}

// the condition reads a field the first section did not write: no claim is validated
pub fn advance(job: &Mutex<Job>) {
    let start = job.lock().unwrap().progress; //~ split-critical-section
    let next = start + 10;
    let mut g = job.lock().unwrap();
    if g.enabled {
        g.progress = next;
    }
}
