// The first guard is gone before the second lock: statement end, `drop`, block end, `let _ =`.
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

    pub fn statement_end(&self) {
        let v = *self.b.lock().unwrap();
        *self.a.lock().unwrap() = v;
    }

    pub fn dropped(&self) {
        let b = self.b.lock().unwrap();
        let v = *b;
        drop(b);
        *self.a.lock().unwrap() += v;
    }

    pub fn scoped(&self) {
        let v = {
            let b = self.b.lock().unwrap();
            *b
        };
        let mut a = self.a.lock().unwrap();
        *a += v;
    }

    pub fn discarded(&self) {
        let _ = self.b.lock().unwrap();
        let _a = self.a.lock().unwrap();
    }

    pub fn condition(&self) {
        if *self.b.lock().unwrap() > 3 {
            *self.a.lock().unwrap() = 0;
        }
    }
}
