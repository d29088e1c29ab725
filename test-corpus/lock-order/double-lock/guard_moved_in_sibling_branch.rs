// A guard moved or dropped in one branch of an `if` / `else if` chain or a `match` is still
// held in the sibling branches: locking again there deadlocks on the paths that did not move
// it.
use std::sync::{Arc, Mutex, MutexGuard};

pub struct State {
    pub phase: u8,
    pub errors: u32,
}

pub struct Client {
    state: Mutex<State>,
}

impl Client {
    fn transition(&self, phase: u8) {
        let mut s = self.state.lock().unwrap();
        s.phase = phase;
    }

    fn transition_with_lock(&self, mut s: MutexGuard<'_, State>, phase: u8) {
        s.phase = phase;
    }

    // the guard moves into the helper in the first branch only
    pub fn on_reply(&self, err: Option<u8>) {
        let mut s = self.state.lock().unwrap();
        s.errors += err.is_some() as u32;
        if err == Some(1) {
            self.transition_with_lock(s, 4);
        } else if err == Some(3) {
            self.transition(5); //~ double-lock
        }
    }

    // a match: the first arm drops the guard, a later arm locks again
    pub fn on_event(&self, ev: u8) {
        let s = self.state.lock().unwrap();
        match ev {
            0 => {
                drop(s);
                self.transition(1);
            }
            1 => self.transition(2), //~ double-lock
            _ => {}
        }
    }
}

// free functions: the `else` branch re-locks the shared state directly
pub fn settle(m: &Arc<Mutex<State>>, fail: bool) {
    let g = m.lock().unwrap();
    if fail {
        drop(g);
        m.lock().unwrap().errors += 1;
    } else {
        m.lock().unwrap().phase = 9; //~ double-lock
    }
}

// near-miss: every branch moves the guard before locking again, or locks after the move in
// the same branch
pub fn settle_ok(m: &Arc<Mutex<State>>, fail: bool) {
    let g = m.lock().unwrap();
    if fail {
        drop(g);
        m.lock().unwrap().errors += 1;
    } else {
        drop(g);
        m.lock().unwrap().phase = 9;
    }
}

// near-miss: the sibling branch only reads through the guard it still holds
pub fn peek_ok(m: &Arc<Mutex<State>>, fail: bool) -> u8 {
    let g = m.lock().unwrap();
    if fail {
        drop(g);
        m.lock().unwrap().errors += 1;
        0
    } else {
        g.phase
    }
}
