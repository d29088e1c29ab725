// A field checked through a getter that locks it and written through a setter that locks it
// again: two guards, so two callers can both pass the check (lapin's connection status: the
// connection error handled twice).
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, PartialEq)]
pub enum State {
    Connected,
    Error,
}

pub struct Inner {
    state: State,
    errors: u32,
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
}

pub trait Handler: Send + Sync {
    fn on_error(&self, e: &str);
}

pub struct Channels {
    status: Status,
    handler: Box<dyn Handler>,
}

impl Channels {
    // the act in the branch
    pub fn fail(&self, e: &str) {
        if self.status.state() != State::Error { //~ mutex-check-then-act
            self.handler.on_error(e);
            self.status.set_state(State::Error);
        }
    }

    // the branch leaves: the act follows the `if`
    pub fn fail_early(&self, e: &str) {
        if let State::Error = self.status.state() { //~ mutex-check-then-act
            return;
        }
        self.handler.on_error(e);
        self.status.set_state(State::Error);
    }
}

// free functions over a shared status
pub fn reconnect(status: &Status, handler: &dyn Handler) {
    if status.state() == State::Error { //~ mutex-check-then-act
        handler.on_error("reconnecting");
        status.set_state(State::Connected);
    }
}
