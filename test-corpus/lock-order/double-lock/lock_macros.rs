// Locks taken through the project's own `macro_rules!` wrappers: a call of the macro is the
// lock call written out (a `let` binds its guard to the end of the block, a temporary dies
// at the end of its statement).
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

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
// two rules, a message for `expect`, braces around the body
macro_rules! lock {
    ($m:expr) => {{
        $m.lock().expect("poisoned")
    }};
    ($m:expr, $why:expr) => {{
        $m.lock().expect($why)
    }};
}

pub struct Session {
    state: RwLock<HashMap<u32, String>>,
    queue: Mutex<Vec<u32>>,
}

impl Session {
    // read under the method's own write guard
    pub fn undeclare(&self, id: u32) {
        let mut state = zwrite!(self.state);
        if let Some(key) = state.remove(&id) {
            let state = zread!(self.state); //~ double-lock
            publish(&state, &key);
        }
    }

    // a temporary guard of the macro while a written-out guard is held
    pub fn enqueue(&self, id: u32) {
        let q = self.queue.lock().expect("poisoned");
        if q.is_empty() {
            lock!(self.queue, "queue").push(id); //~ double-lock
        }
    }

    // the macro's guard held, the lock written out
    pub fn drain(&self) -> usize {
        let q = lock!(self.queue);
        let n = self.queue.lock().unwrap().len(); //~ double-lock
        n + q.len()
    }
}

// a free function on a parameter
pub fn twice(m: &Mutex<Vec<u32>>) {
    let a = lock!(m);
    let b = lock!(m); //~ double-lock
    println!("{} {}", a.len(), b.len());
}

// in a closure
pub fn in_closure(m: &RwLock<Vec<u32>>) -> impl Fn() -> usize + '_ {
    move || {
        let w = zwrite!(m);
        w.len() + zread!(m).len() //~ double-lock
    }
}

fn publish(_state: &HashMap<u32, String>, _key: &str) {}
