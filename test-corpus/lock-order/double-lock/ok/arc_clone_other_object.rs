// Clones of the same field of two different objects are two locks; a clone's guard dropped
// before the field is locked again is no double lock.
use std::sync::{Arc, Mutex};

pub struct Worker {
    jobs: Arc<Mutex<Vec<u32>>>,
}

impl Worker {
    pub fn from_other(&self, other: &Worker) {
        let theirs = other.jobs.clone();
        let g = theirs.lock().unwrap();
        let h = self.jobs.lock().unwrap();
        drop(h);
        drop(g);
    }

    pub fn dropped_first(&self) {
        let shared = self.jobs.clone();
        let n = shared.lock().unwrap().len();
        self.jobs.lock().unwrap().push(n as u32);
    }

    pub fn scoped(&self) {
        let shared = Arc::clone(&self.jobs);
        {
            let g = shared.lock().unwrap();
            let _ = g.len();
        }
        self.jobs.lock().unwrap().clear();
    }
}
