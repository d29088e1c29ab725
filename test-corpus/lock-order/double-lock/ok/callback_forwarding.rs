// Closures handed on to a callee that calls them, where no guard of the lock they take is held.
use std::collections::HashMap;
use std::sync::Mutex;

pub struct Table {
    rows: Mutex<HashMap<u64, String>>,
    log: Mutex<Vec<String>>,
}

fn apply<F: FnOnce(usize) -> usize>(n: usize, f: F) -> usize {
    f(n)
}

// the guard ends before the callback is handed on
pub fn with_len<F: FnOnce(usize) -> usize>(t: &Table, f: F) -> usize {
    let n = t.rows.lock().unwrap().len();
    apply(n, f)
}

// handed on under a guard of another lock
pub fn with_log_len<F: FnOnce(usize) -> usize>(t: &Table, f: F) -> usize {
    let g = t.log.lock().unwrap();
    apply(g.len(), f)
}

fn keep<F: FnOnce(usize) -> usize>(slot: &mut Vec<Box<dyn FnOnce(usize) -> usize>>, f: F)
where
    F: 'static,
{
    slot.push(Box::new(f));
}

// handed under the guard to a callee that stores it instead of calling it
pub fn defer<F: FnOnce(usize) -> usize + 'static>(
    t: &Table,
    later: &Mutex<Vec<Box<dyn FnOnce(usize) -> usize>>>,
    f: F,
) {
    let _g = t.rows.lock().unwrap();
    keep(&mut later.lock().unwrap(), f);
}

pub fn count(t: &Table) -> usize {
    t.rows.lock().unwrap().len()
}

pub fn run(t: &'static Table, later: &Mutex<Vec<Box<dyn FnOnce(usize) -> usize>>>) -> usize {
    defer(t, later, move |n| n + count(t));
    with_log_len(t, |n| n + count(t)) + with_len(t, |n| n + count(t))
}
