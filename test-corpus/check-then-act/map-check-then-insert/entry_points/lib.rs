// Entry-point facts, positive side: every race below is in a function that production code
// runs (a `pub` function nobody in the workspace calls, a private helper a public function
// calls, a method called by name, a trait impl method, a callback passed as a value, a call
// inside a macro's tokens), so it is reported although tests call some of them too.

mod cache;

use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::Mutex;

pub use cache::{Handler, Registry};

// a `pub` function of a library: no caller in the workspace, callers outside it may exist
pub fn intern(names: &DashMap<u64, String>, k: u64) {
    if names.get(&k).is_none() { //~ map-check-then-insert
        names.insert(k, k.to_string());
    }
}

// the server's loop: the production caller of `handle` (a test calls `handle` too)
pub fn serve(reg: &Registry, names: &DashMap<u64, String>) {
    for k in 0..4 {
        handle(reg, names, k);
    }
}

// calls the private helper of the other file by path, and a method by name
pub fn handle(reg: &Registry, names: &DashMap<u64, String>, k: u64) {
    cache::fill(names, k);
    reg.register(k);
}

fn subscribe(f: fn(&DashMap<u64, String>, u64)) -> fn(&DashMap<u64, String>, u64) {
    f
}

// the helper is passed as a value (a callback), never called by name
pub fn start() -> fn(&DashMap<u64, String>, u64) {
    subscribe(cache::on_event)
}

macro_rules! run {
    ($e:expr) => {
        $e
    };
}

// the helper is called inside a macro's tokens
pub fn warm_all(m: &Mutex<HashMap<u64, u64>>) {
    run!(cache::warm(m, 1));
}
