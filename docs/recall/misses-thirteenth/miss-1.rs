// iroh 675e04d448 shape: "changed?" decided under a read guard, value replaced under a
// separately taken write guard; the `if` is the initializer of `let ret = ...`.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, RwLock};
use std::task::Waker;

struct State {
    value: u64,
    epoch: u64,
}

struct Shared {
    state: RwLock<State>,
    watchers: Mutex<VecDeque<Waker>>,
}

pub struct Watchable {
    shared: Arc<Shared>,
}

impl Watchable {
    /// Returns Ok(previous) if the value changed, Err(value) otherwise.
    pub fn set(&self, value: u64) -> Result<u64, u64> {
        let changed = { self.shared.state.read().unwrap().value != value };

        let ret = if changed {
            let mut state = self.shared.state.write().unwrap();
            let old = std::mem::replace(&mut state.value, value);
            state.epoch += 1;
            Ok(old)
        } else {
            Err(value)
        };

        if changed {
            for w in self.shared.watchers.lock().unwrap().drain(..) {
                w.wake();
            }
        }
        ret
    }
}
