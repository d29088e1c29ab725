// The held lock itself is passed to a helper that locks it again.
use std::sync::{Mutex, RwLock};

pub struct Stats {
    count: Mutex<u64>,
    table: RwLock<Vec<u64>>,
}

fn bump(counter: &Mutex<u64>) {
    *counter.lock().unwrap() += 1;
}

fn total(table: &RwLock<Vec<u64>>) -> u64 {
    table.read().unwrap().iter().sum()
}

fn reset(table: &RwLock<Vec<u64>>) {
    table.write().unwrap().clear();
}

impl Stats {
    pub fn record(&self) {
        let c = self.count.lock().unwrap();
        if *c > 10 {
            bump(&self.count); //~ double-lock
        }
    }

    pub fn compact(&self) -> u64 {
        let t = self.table.read().unwrap();
        let n = t.len() as u64;
        if n > 100 {
            reset(&self.table); //~ double-lock
        }
        n
    }

    pub fn average(&self) -> u64 {
        let t = self.table.read().unwrap();
        total(&self.table) / t.len().max(1) as u64 //~ double-lock
    }
}

static QUEUE: Mutex<Vec<u64>> = Mutex::new(Vec::new());

fn push(q: &Mutex<Vec<u64>>, v: u64) {
    q.lock().unwrap().push(v);
}

pub fn requeue() {
    let q = QUEUE.lock().unwrap();
    for v in q.iter() {
        push(&QUEUE, *v); //~ double-lock
    }
}
