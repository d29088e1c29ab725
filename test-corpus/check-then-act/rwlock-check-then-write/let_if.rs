// The saved check decides an `if` that is the initialiser of a `let` (iroh's `Watchable::set`
// before 675e04d448): two setters both see "changed" and both bump the epoch.
use std::sync::{Arc, RwLock};

pub struct State {
    value: u64,
    epoch: u64,
}

struct Shared {
    state: RwLock<State>,
}

#[derive(Clone)]
pub struct Watchable {
    shared: Arc<Shared>,
}

impl Watchable {
    pub fn set(&self, value: u64) -> Result<u64, u64> {
        let changed = { self.shared.state.read().unwrap().value != value }; //~ rwlock-check-then-write

        let ret = if changed {
            let mut state = self.shared.state.write().unwrap();
            let old = std::mem::replace(&mut state.value, value);
            state.epoch += 1;
            Ok(old)
        } else {
            Err(value)
        };
        ret
    }
}
