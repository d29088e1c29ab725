// Re-locking a lock this thread already holds: `let` guards, parking_lot and RwLock modes.
use parking_lot::Mutex as PlMutex;
use std::sync::{Mutex, RwLock};

pub fn twice(m: &Mutex<Vec<u32>>) {
    let a = m.lock().unwrap();
    let b = m.lock().unwrap(); //~ double-lock
    println!("{} {}", a.len(), b.len());
}

pub struct Counter {
    value: PlMutex<u64>,
    names: RwLock<Vec<String>>,
}

impl Counter {
    pub fn add(&self, n: u64) {
        let v = self.value.lock();
        if *v < 100 {
            *self.value.lock() += n; //~ double-lock
        }
    }

    pub fn rename(&self, i: usize, name: String) {
        let names = self.names.read().unwrap();
        if names.get(i).is_some() {
            self.names.write().unwrap()[i] = name; //~ double-lock
        }
    }

    pub fn shrink(&self) {
        let mut names = self.names.write().unwrap();
        names.pop();
        let n = self.names.read().unwrap().len(); //~ double-lock
        println!("{n}");
    }
}
