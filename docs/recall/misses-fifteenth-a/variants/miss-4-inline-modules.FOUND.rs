mod head {
    use parking_lot::{RwLock, RwLockReadGuard};

    pub struct HeadLock<T>(RwLock<T>);

    impl<T> HeadLock<T> {
        fn read(&self) -> RwLockReadGuard<T> {
            self.0.read()
        }
    }

    pub struct Head {
        fork_choice: HeadLock<Vec<u64>>,
    }

    impl Head {
        pub fn fork_choice_read_lock(&self) -> RwLockReadGuard<Vec<u64>> {
            self.fork_choice.read()
        }
    }
}

mod chain {
    use crate::head::Head;

    pub fn is_optimistic(head: &Head, orphaned: bool) -> bool {
        let fork_choice = head.fork_choice_read_lock();
        if orphaned {
            fork_choice.is_empty()
        } else {
            head.fork_choice_read_lock().len() > 1
        }
    }
}
