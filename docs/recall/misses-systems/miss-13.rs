// Expected: a data-race finding at line 17 (no current rule; closest family ordering-flag /
// other): `unsafe impl Sync` asserts that a struct holding `RefCell`/`Cell` state is
// thread-safe, and the state is mutated from `Wake::wake` (line 29), which the Waker contract
// allows to run on any thread (I/O callbacks, thread-pool completions), while the event loop
// drains the same RefCell (line 37). racelint has no rule for `unsafe impl Send/Sync` over
// non-thread-safe interior mutability, nor for RefCell/Cell reached from `Wake` impls.
// (From deno 15fdc6e61c uv_compat ready queues, and 23a0a043e4 timer waker Cell/UnsafeCell state.)
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::sync::Arc;
use std::task::Wake;

#[derive(Default)]
pub struct Shared {
    ready: RefCell<VecDeque<usize>>,
}
unsafe impl Sync for Shared {}
unsafe impl Send for Shared {}

pub struct HandleWaker {
    id: usize,
    queued: Cell<bool>,
    shared: Arc<Shared>,
}
unsafe impl Sync for HandleWaker {}
unsafe impl Send for HandleWaker {}

impl Wake for HandleWaker {
    fn wake(self: Arc<Self>) {
        if !self.queued.replace(true) {
            self.shared.ready.borrow_mut().push_back(self.id);
        }
    }
}

pub fn run_io(shared: &Shared) -> Vec<usize> {
    std::mem::take(&mut *shared.ready.borrow_mut()).into()
}
