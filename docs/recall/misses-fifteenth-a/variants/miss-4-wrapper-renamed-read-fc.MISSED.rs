use parking_lot::{RwLock, RwLockReadGuard};

pub struct HeadLock<T>(RwLock<T>);

impl<T> HeadLock<T> {
    fn read_fc(&self) -> RwLockReadGuard<T> {
        self.0.read()
    }
}

pub struct ForkChoice {
    optimistic: Vec<u64>,
}

pub struct Head {
    fork_choice: HeadLock<ForkChoice>,
}

impl Head {
    pub fn fork_choice_read_lock(&self) -> RwLockReadGuard<ForkChoice> {
        self.fork_choice.read_fc()
    }
}

pub struct Chain {
    pub head: Head,
}

pub fn is_optimistic(chain: &Chain, root: u64, orphaned: bool) -> bool {
    let fork_choice = chain.head.fork_choice_read_lock();
    if orphaned {
        fork_choice.optimistic.contains(&root)
    } else {
        chain.head.fork_choice_read_lock().optimistic.contains(&(root + 1))
    }
}
