// A field set from two different locks where its struct is built is no second name of
// either: `Task.lock` is `Pool.a` in one place and `Pool.b` in another, so the orders
// `a` then `b` and `Task.lock` then `a` are no cycle.
use std::sync::{Arc, Mutex};

pub struct Task {
    lock: Arc<Mutex<u32>>,
}

pub struct Pool {
    a: Arc<Mutex<u32>>,
    b: Arc<Mutex<u32>>,
}

impl Pool {
    pub fn first(&self) -> Task {
        Task { lock: self.a.clone() }
    }

    pub fn second(&self) -> Task {
        Task { lock: self.b.clone() }
    }

    pub fn both(&self) -> u32 {
        let a = self.a.lock().unwrap();
        let b = self.b.lock().unwrap();
        *a + *b
    }
}

impl Task {
    pub fn with_pool(&self, pool: &Pool) -> u32 {
        let t = self.lock.lock().unwrap();
        let a = pool.a.lock().unwrap();
        *t + *a
    }
}
