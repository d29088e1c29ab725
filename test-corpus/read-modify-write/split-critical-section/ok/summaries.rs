// Near misses of helpers: calls that do not split a read-modify-write.
use std::sync::Mutex;

pub struct Account {
    balance: Mutex<u64>,
}

impl Account {
    fn balance(&self) -> u64 {
        *self.balance.lock().unwrap()
    }

    fn set_balance(&self, v: u64) {
        *self.balance.lock().unwrap() = v;
    }

    // the whole read-modify-write under one guard: calling it twice is atomic each time
    fn add(&self, d: u64) {
        *self.balance.lock().unwrap() += d
    }

    pub fn add_twice(&self) {
        self.add(1);
        self.add(2);
    }

    // the value written back is the value read, unchanged: a restore
    pub fn restore(&self) {
        let b = self.balance();
        log(b);
        self.set_balance(b);
    }

    // the written value does not come from the read
    pub fn reset(&self, fresh: u64) {
        let _old = self.balance();
        self.set_balance(fresh);
    }

    // `&mut self`: no other thread can run in between
    pub fn withdraw_exclusive(&mut self, x: u64) {
        let b = self.balance();
        self.set_balance(b - x);
    }
}

// a lock built here and never shared
pub fn local_only() {
    let acct = Account {
        balance: Mutex::new(0),
    };
    let m = Mutex::new(1u64);
    let n = get(&m);
    put(&m, n + 1);
    acct.add(1);
}

fn get(m: &Mutex<u64>) -> u64 {
    *m.lock().unwrap()
}

fn put(m: &Mutex<u64>, v: u64) {
    *m.lock().unwrap() = v;
}

fn log(_: u64) {}
