// A helper locks the lock it is given, but not the one the caller holds, or the caller
// released it first.
use std::sync::Mutex;

pub struct Stats {
    count: Mutex<u64>,
    other: Mutex<u64>,
}

fn bump(counter: &Mutex<u64>) {
    *counter.lock().unwrap() += 1;
}

impl Stats {
    pub fn record(&self) {
        let c = self.count.lock().unwrap();
        if *c > 10 {
            bump(&self.other);
        }
    }

    pub fn record_after(&self) {
        let c = self.count.lock().unwrap();
        let high = *c > 10;
        drop(c);
        if high {
            bump(&self.count);
        }
    }
}
