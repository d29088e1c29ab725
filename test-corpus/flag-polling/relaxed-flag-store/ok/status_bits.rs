// `relaxed-flag-store` is silent for status bits that publish nothing: setters that store a
// flag and nothing else (the task's result travels through a channel), even though a reader
// loads them with `Acquire`.

use std::sync::atomic::{AtomicBool, Ordering};

pub struct TaskState {
    started: AtomicBool,
    is_done: AtomicBool,
    has_canceled: AtomicBool,
}

impl TaskState {
    pub fn set_started(&self) {
        self.started.store(true, Ordering::Relaxed);
    }

    pub fn set_completed(&self) {
        self.is_done.store(true, Ordering::Relaxed);
    }

    pub fn set_canceled(&self) {
        self.has_canceled.store(true, Ordering::Relaxed);
    }

    pub fn is_done(&self) -> bool {
        self.is_done.load(Ordering::Acquire)
    }

    pub fn can_run(&self) -> bool {
        self.started.load(Ordering::Acquire) && !self.has_canceled.load(Ordering::Acquire)
    }
}
