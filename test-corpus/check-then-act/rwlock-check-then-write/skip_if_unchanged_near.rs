// Near misses of a skip-if-unchanged update: the branch writes something other than the
// compared value, so two racers that both passed the check act twice.

use std::sync::{Arc, RwLock};

#[derive(PartialEq, Clone, Copy)]
pub enum State {
    Idle,
    Stopping,
}

pub struct Worker {
    state: RwLock<State>,
}

impl Worker {
    // compared with a constant, a different constant written: two stoppers both stop
    pub fn stop(&self) {
        if *self.state.read().unwrap() != State::Idle { //~ rwlock-check-then-write
            *self.state.write().unwrap() = State::Stopping;
        }
    }
}

// compared with one value, another one written
pub fn rename(name: &Arc<RwLock<String>>, old: &str, new: String) {
    if name.read().unwrap().as_str() != old { //~ rwlock-check-then-write
        *name.write().unwrap() = new;
    }
}
