use parking_lot::{RwLock, RwLockReadGuard};

pub struct Head {
    fork_choice: RwLock<Vec<u64>>,
}

impl Head {
    fn raw_read(&self) -> RwLockReadGuard<Vec<u64>> {
        self.fork_choice.read()
    }

    pub fn fork_choice_read_lock(&self) -> RwLockReadGuard<Vec<u64>> {
        self.raw_read()
    }
}
