// greptimedb 77b9388b6d shape: the `if let` scrutinee's read guard (edition 2021) is alive in
// both branches, which take the write lock of the same RwLock.
use std::sync::RwLock;
use std::time::{Duration, Instant};

struct TaskState {
    last_truncate_time: Option<Instant>,
}

pub struct BatchingTask {
    state: RwLock<TaskState>,
    truncate_every: Duration,
}

impl BatchingTask {
    pub fn maybe_truncate(&self) -> bool {
        if let Some(last) = self.state.read().unwrap().last_truncate_time {
            if last.elapsed() < self.truncate_every {
                return false;
            } else {
                self.state.write().unwrap().last_truncate_time = Some(Instant::now());
            }
        } else {
            self.state.write().unwrap().last_truncate_time = Some(Instant::now());
        }
        true
    }
}
