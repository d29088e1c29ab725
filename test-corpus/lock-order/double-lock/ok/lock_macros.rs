// Near misses of locks taken through `macro_rules!` wrappers.
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
// not a lock: the body runs code while holding a guard it drops itself
macro_rules! with_lock {
    ($m:expr, |$g:ident| $body:expr) => {{
        let mut $g = $m.lock().unwrap();
        $body
    }};
}
// not a lock: a length
macro_rules! size {
    ($v:expr) => {
        $v.len()
    };
}
// `get!` has two definitions that differ (the second shadows the first below it): which
// one a call means is not followed
macro_rules! get {
    ($m:expr) => {
        $m.lock().unwrap()
    };
}
pub fn first(m: &Mutex<Vec<u32>>) -> usize {
    get!(m).len()
}
macro_rules! get {
    ($m:expr) => {
        $m
    };
}

pub struct Session {
    state: RwLock<Vec<u32>>,
    queue: Mutex<Vec<u32>>,
}

impl Session {
    // the write guard is dropped before the read
    pub fn dropped(&self, id: u32) -> usize {
        let mut state = zwrite!(self.state);
        state.push(id);
        drop(state);
        let state = zread!(self.state);
        state.len()
    }

    // the write guard lives in an inner block
    pub fn scoped(&self, id: u32) -> usize {
        {
            let mut state = zwrite!(self.state);
            state.push(id);
        }
        zread!(self.state).len()
    }

    // temporaries: each dies at the end of its statement
    pub fn temporaries(&self, id: u32) -> usize {
        zwrite!(self.state).push(id);
        zread!(self.state).len()
    }

    pub fn not_locks(&self, id: u32) -> usize {
        let q = self.queue.lock().unwrap();
        let n = with_lock!(self.state, |s| s.len());
        let v = vec![id];
        n + size!(v) + q.len()
    }

    pub fn shadowed(&self) -> usize {
        let q = self.queue.lock().unwrap();
        let again = get!(self.queue);
        q.len() + again.len()
    }
}
