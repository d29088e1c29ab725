use parking_lot::{RwLock, RwLockReadGuard};

pub struct HeadLock(RwLock<Vec<u64>>);

impl HeadLock {
    pub fn read_fc(&self) -> RwLockReadGuard<Vec<u64>> {
        self.0.read()
    }
}

pub struct Head {
    pub fork_choice: HeadLock,
}

pub fn is_optimistic(head: &Head, orphaned: bool) -> bool {
    let fork_choice = head.fork_choice.read_fc();
    if orphaned {
        fork_choice.is_empty()
    } else {
        head.fork_choice.read_fc().len() > 1
    }
}
