// Two fields of one struct that have the same type are different memory: a value loaded from
// `self.current.count` and stored into `self.averages.count` is no read-modify-write, and
// locking `self.left.m` while holding `self.right.m` is no double lock.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct Fields {
    count: AtomicU64,
    time: AtomicU64,
}

#[derive(Default)]
pub struct Stats {
    current: Fields,
    averages: Fields,
}

impl Stats {
    pub fn update_averages(&self, period: u64) {
        let count = self.current.count.load(Ordering::Relaxed);
        let time = self.current.time.load(Ordering::Relaxed);
        self.averages.count.store(count / period, Ordering::Relaxed);
        if count > 0 {
            self.averages.time.store(time / count, Ordering::Relaxed);
        }
    }
}

#[derive(Default)]
pub struct Side {
    m: Mutex<Vec<u32>>,
}

#[derive(Default)]
pub struct Pair {
    left: Side,
    right: Side,
}

impl Pair {
    pub fn move_all(&self) {
        let mut r = self.right.m.lock().unwrap();
        let mut l = self.left.m.lock().unwrap();
        l.append(&mut r);
    }
}

pub fn run(s: Arc<Stats>, p: Arc<Pair>) {
    let (s2, p2) = (s.clone(), p.clone());
    std::thread::spawn(move || {
        s2.update_averages(15);
        p2.move_all();
    });
    s.update_averages(15);
    p.move_all();
}
