// A closure handed on, under a guard, to a callee that calls it runs under that guard too
// (lapin's channel status: the content-length handler, run by the receiver state while the
// status mutex is locked, asked the status whether confirms are on).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct ReceiverState {
    pending: usize,
}

impl ReceiverState {
    pub fn set_length<H: FnOnce(usize) -> bool>(&mut self, length: usize, handler: H) -> bool {
        self.pending = length;
        handler(length)
    }
}

pub struct Inner {
    confirm: bool,
    receiver: ReceiverState,
}

#[derive(Clone)]
pub struct Status(Arc<Mutex<Inner>>);

impl Status {
    pub fn confirm(&self) -> bool {
        self.0.lock().unwrap().confirm
    }

    // the handler goes on to the receiver state under a temporary guard
    pub fn set_length<H: FnOnce(usize) -> bool>(&self, length: usize, handler: H) -> bool {
        self.0.lock().unwrap().receiver.set_length(length, handler)
    }
}

pub struct Channel {
    status: Status,
}

impl Channel {
    pub fn on_header(&self, size: usize) -> bool {
        self.status.set_length(size, |len| len == 0 && self.status.confirm()) //~ double-lock
    }
}

// free functions: a named guard, the callback handed to a helper that calls it
pub struct Table {
    rows: Mutex<HashMap<u64, String>>,
}

fn apply<F: FnOnce(&mut HashMap<u64, String>)>(rows: &mut HashMap<u64, String>, f: F) {
    f(rows)
}

pub fn with_rows<F: FnOnce(&mut HashMap<u64, String>)>(t: &Table, f: F) {
    let mut g = t.rows.lock().unwrap();
    apply(&mut g, f);
}

pub fn count(t: &Table) -> usize {
    t.rows.lock().unwrap().len()
}

pub fn add_numbered(t: &Table, name: String) {
    with_rows(t, |rows| { //~ double-lock
        let n = count(t) as u64;
        rows.insert(n, name);
    });
}
