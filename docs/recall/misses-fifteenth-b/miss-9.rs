// #9 greptimedb 77b9388b6d (FOUND): the `if let` scrutinee `self.state.read().unwrap()` is a
// temporary alive through the block; the block takes `self.state.write()` (self-deadlock).
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

pub struct State {
    last: Option<Instant>,
}

pub struct Task {
    state: Arc<RwLock<State>>,
}

impl Task {
    pub fn should_truncate(&self, every: Duration) -> bool {
        if let Some(last) = self.state.read().unwrap().last {
            if last.elapsed() < every {
                return false;
            }
            self.state.write().unwrap().last = Some(Instant::now());
        } else {
            self.state.write().unwrap().last = Some(Instant::now());
        }
        true
    }
}
