// Probe (written from scratch) for a missed bug in eclipse-zenoh/zenoh.
// Fix commit: 32026594 "fix: `RwLock` deadlock in `Session::undeclare_subscriber_inner`"
// (parent d824a241).
//
// What goes wrong: the session keeps its state in a `std::sync::RwLock` and the crate wraps
// every acquisition in its own macros (`zread!(x)` = `x.read().unwrap()`, `zwrite!(x)` =
// `x.write().unwrap()`, defined in a sibling crate). `undeclare_subscriber_inner` takes
// `zwrite!(self.state)` and, inside the `if let` that removed the subscriber, takes
// `zread!(self.state)` again to update the liveliness status: the thread waits for its own
// write guard and hangs on every undeclaration of a remote subscriber (with the `unstable`
// feature). The fix removes the inner `zread!` and reuses the write guard.
//
// What is missing: a lock taken through a `macro_rules!` wrapper is invisible; racelint does
// not expand macros (even one defined in the same file, as here). double-lock should be
// reported at the `zread!` line in `undeclare` (line 43). The same code with the method
// calls written out is reported (`contrast_direct`, reported: double-lock).
use std::collections::HashMap;
use std::sync::RwLock;

macro_rules! zread {
    ($var:expr) => {
        $var.read().unwrap()
    };
}
macro_rules! zwrite {
    ($var:expr) => {
        $var.write().unwrap()
    };
}

pub struct State {
    subs: HashMap<u32, String>,
}

pub struct Session {
    state: RwLock<State>,
}

impl Session {
    pub fn undeclare(&self, id: u32) {
        let mut state = zwrite!(self.state);
        if let Some(key) = state.subs.remove(&id) {
            let state = zread!(self.state);
            publish_status(&state, &key);
        }
    }

    // Contrast: reported (double-lock).
    pub fn contrast_direct(&self, id: u32) {
        let mut state = self.state.write().unwrap();
        if let Some(key) = state.subs.remove(&id) {
            let state = self.state.read().unwrap();
            publish_status(&state, &key);
        }
    }
}

fn publish_status(_state: &State, _key: &str) {}
