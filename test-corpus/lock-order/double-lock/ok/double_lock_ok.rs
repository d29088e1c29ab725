// Not self-deadlocks: recursive reads, re-entrant mutexes, try_lock, moved guards,
// different fields, temporaries that end at the `;`.
use parking_lot::{ReentrantMutex, RwLock};
use std::sync::{Mutex, MutexGuard};

pub struct S {
    a: Mutex<u32>,
    b: Mutex<u32>,
    table: RwLock<Vec<u32>>,
    re: ReentrantMutex<u32>,
}

fn release(g: MutexGuard<'_, u32>) {
    drop(g);
}

impl S {
    pub fn recursive_read(&self) -> usize {
        let t = self.table.read();
        let n = self.table.read_recursive().len();
        n + t.len()
    }

    pub fn reentrant(&self) -> u32 {
        let g = self.re.lock();
        let h = self.re.lock();
        *g + *h
    }

    pub fn try_again(&self) {
        let g = self.a.lock().unwrap();
        if let Ok(mut h) = self.a.try_lock() {
            *h += 1;
        }
        drop(g);
    }

    pub fn moved(&self) {
        let g = self.a.lock().unwrap();
        release(g);
        *self.a.lock().unwrap() += 1;
    }

    pub fn two_fields(&self) {
        let a = self.a.lock().unwrap();
        let b = self.b.lock().unwrap();
        println!("{}", *a + *b);
    }

    pub fn statements(&self) -> u32 {
        let x = *self.a.lock().unwrap();
        let y = *self.a.lock().unwrap();
        x + y
    }

    pub fn dropped(&self) {
        let g = self.a.lock().unwrap();
        println!("{}", *g);
        drop(g);
        *self.a.lock().unwrap() = 0;
    }

    pub fn rebound(&self) {
        let mut g = self.a.lock().unwrap();
        *g += 1;
        drop(g);
        g = self.a.lock().unwrap();
        *g += 1;
    }
}
