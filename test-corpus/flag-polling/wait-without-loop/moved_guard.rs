// The wait's guard goes to a new name: no `while` rewrite, the help spells the loop.
use std::sync::{Condvar, Mutex};

static READY: Mutex<bool> = Mutex::new(false);
static CV: Condvar = Condvar::new();

pub fn wait_ready() -> bool {
    let ready = READY.lock().unwrap();
    if !*ready {
        let after = CV.wait(ready).unwrap(); //~ wait-without-loop
        return *after;
    }
    true
}
