use std::sync::{Mutex, MutexGuard};

pub struct M {
    ms: Vec<Mutex<u32>>,
}

impl M {
    fn guard(&self) -> MutexGuard<'_, u32> {
        self.ms[0].lock().unwrap()
    }

    fn bump(&self) {
        *self.ms[0].lock().unwrap() += 1;
    }

    pub fn outer(&self) {
        let _g = self.ms[0].lock().unwrap();
        let _h = self.ms[0].lock().unwrap();
    }
}
