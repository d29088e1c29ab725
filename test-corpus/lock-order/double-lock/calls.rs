// Re-locking through calls: a method on `self`, a closure run in place, a static.
use std::sync::{Mutex, MutexGuard};

static REGISTRY: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub struct Account {
    balance: Mutex<i64>,
    history: Mutex<Vec<i64>>,
}

impl Account {
    fn balance(&self) -> MutexGuard<'_, i64> {
        self.balance.lock().unwrap()
    }

    fn current(&self) -> i64 {
        *self.balance.lock().unwrap()
    }

    pub fn deposit(&self, n: i64) {
        let mut b = self.balance.lock().unwrap();
        *b += n;
        let now = self.current(); //~ double-lock
        self.history.lock().unwrap().push(now);
    }

    pub fn withdraw(&self, n: i64) {
        let b = self.balance();
        if *b >= n {
            *self.balance() -= n; //~ double-lock
        }
    }

    pub fn replay(&self, items: &[i64]) {
        let h = self.history.lock().unwrap();
        items.iter().for_each(|i| {
            self.history.lock().unwrap().push(*i); //~ double-lock
        });
        drop(h);
    }
}

fn registered(name: &str) -> bool {
    REGISTRY.lock().unwrap().iter().any(|n| n == name)
}

fn check(name: &str) -> bool {
    registered(name)
}

pub fn register(name: &str) {
    let mut reg = REGISTRY.lock().unwrap();
    if !check(name) { //~ double-lock
        reg.push(name.to_string());
    }
}
