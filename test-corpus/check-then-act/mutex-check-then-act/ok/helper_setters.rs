// Getter checks and setter writes that no interleaving can harm.
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, PartialEq)]
pub enum State {
    Connected,
    Error,
}

pub struct Inner {
    state: State,
    errors: u32,
    verified: bool,
}

#[derive(Clone)]
pub struct Status(Arc<Mutex<Inner>>);

impl Status {
    pub fn state(&self) -> State {
        self.0.lock().unwrap().state
    }

    pub fn set_state(&self, state: State) {
        self.0.lock().unwrap().state = state;
    }

    pub fn errors(&self) -> u32 {
        self.0.lock().unwrap().errors
    }

    pub fn is_verified(&self) -> bool {
        self.0.lock().unwrap().verified
    }

    pub fn mark_verified(&self) {
        self.0.lock().unwrap().verified = true;
    }

    pub fn set_errors(&self, n: u32) {
        self.0.lock().unwrap().errors = n;
    }

    // check and act under one guard: the fix
    pub fn fail_once(&self) -> bool {
        let mut g = self.0.lock().unwrap();
        let was = std::mem::replace(&mut g.state, State::Error);
        was != State::Error
    }
}

pub struct Channels {
    status: Status,
}

impl Channels {
    // the branch only stores the constant the check looked for: every racer stores it
    pub fn mark_failed(&self) {
        if self.status.state() != State::Error {
            self.status.set_state(State::Error);
        }
    }

    // a setter given no value stores what it always stores
    pub fn verify(&self) {
        if !self.status.is_verified() {
            self.status.mark_verified();
        }
    }

    // the branch writes another field than the one checked
    pub fn count(&self) {
        if self.status.state() == State::Error {
            self.status.set_errors(0);
        }
    }

    // the branch checks again before it writes
    pub fn fail_checked(&self) -> bool {
        if self.status.state() != State::Error {
            return self.status.fail_once();
        }
        false
    }
}
