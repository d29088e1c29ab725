// `try_lock` never blocks: the reverse order with try-and-back-off cannot deadlock.
use std::sync::Mutex;

pub struct Pair {
    a: Mutex<u32>,
    b: Mutex<u32>,
}

impl Pair {
    pub fn forward(&self) {
        let a = self.a.lock().unwrap();
        let mut b = self.b.lock().unwrap();
        *b += *a;
    }

    pub fn backward(&self) {
        loop {
            let b = self.b.lock().unwrap();
            if let Ok(mut a) = self.a.try_lock() {
                *a += *b;
                return;
            }
            drop(b);
            std::thread::yield_now();
        }
    }
}
