use std::sync::{Mutex, MutexGuard};

pub struct M {
    m: Mutex<u32>,
}

impl M {
    fn guard(&self) -> MutexGuard<'_, u32> {
        self.m.lock().unwrap()
    }

    fn bump(&self) {
        *self.m.lock().unwrap() += 1;
    }

    pub fn outer(&self) {
        let _g = self.guard();
        self.bump();
    }
}
