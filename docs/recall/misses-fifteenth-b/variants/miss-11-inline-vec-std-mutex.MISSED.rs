// #11 variant, smallest: std `Mutex` elements of a `Vec`, locked in the order of an index slice
// given by the caller, all guards kept in a Vec
use std::sync::Mutex;

pub struct Regions {
    locks: Vec<Mutex<u64>>,
}

impl Regions {
    pub fn alter(&self, ids: &[usize]) {
        let mut guards = Vec::new();
        for &i in ids {
            guards.push(self.locks[i].lock().unwrap());
        }
        for g in guards.iter_mut() {
            **g += 1;
        }
    }
}
