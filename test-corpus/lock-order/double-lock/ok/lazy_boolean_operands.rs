// Both operands of `&&` / `||` are temporary scopes (rustc 1.95, every edition): the guard
// of the left operand is dropped before the right operand locks again.
use std::sync::{Mutex, RwLock};

pub struct Index {
    entries: RwLock<Vec<u32>>,
    busy: Mutex<bool>,
}

pub fn either(index: &Index, id: u32) -> bool {
    index.entries.read().unwrap().contains(&id) || index.entries.read().unwrap().is_empty()
}

pub fn both(index: &Index) -> bool {
    !*index.busy.lock().unwrap() && index.busy.lock().unwrap().eq(&false)
}

pub fn in_condition(index: &Index, id: u32) -> u32 {
    if index.entries.read().unwrap().is_empty() || !index.entries.read().unwrap().contains(&id) {
        return 0;
    }
    1
}
