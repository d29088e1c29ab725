// Two different `Option` locks, a guard dropped before the second lock, and an `Option` of a
// plain value are no self-deadlock.
use std::sync::{Arc, Mutex};

pub struct Peer {
    connection: Option<Mutex<u32>>,
    stats: Option<Arc<Mutex<u64>>>,
    name: Option<String>,
}

impl Peer {
    pub fn reset(&self) {
        *self.stats.as_ref().unwrap().lock().unwrap() = 0;
    }

    pub fn check(&self) {
        let g = self.connection.as_ref().unwrap().lock().unwrap();
        if *g > 3 {
            self.reset();
        }
    }

    pub fn bump(&self) {
        let n = *self.stats.as_ref().expect("stats").lock().unwrap();
        if n > 10 {
            self.reset();
        }
    }

    pub fn label(&self) -> usize {
        self.name.as_ref().unwrap().len() + self.name.as_ref().unwrap().len()
    }
}
