// A helper that only reads the lock it takes again, called while the caller holds a guard of
// that lock that it still uses after the call: the call becomes the helper's read through the
// held guard (dropping the guard before the call would lose it for the code after).
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

static NAMES: RwLock<Vec<String>> = RwLock::new(Vec::new());

fn name_count() -> usize {
    NAMES.read().unwrap().len()
}

pub fn add_name(n: &str) -> usize {
    let mut names = NAMES.write().unwrap();
    names.push(n.to_string());
    let total = name_count(); //~ double-lock
    names.push(format!("{n}#{total}"));
    names.len()
}

pub struct Table {
    rows: Mutex<HashMap<u32, u64>>,
    limit: usize,
}

impl Table {
    fn row(&self, id: u32) -> Option<u64> {
        self.rows.lock().unwrap().get(&id).copied()
    }

    fn size(&self) -> usize {
        self.rows.lock().unwrap().len() + 1
    }

    // the read's parameter becomes the caller's argument
    pub fn bump(&self, id: u32) -> u64 {
        let mut rows = self.rows.lock().unwrap();
        let next = self.row(id).unwrap_or(0) + 1; //~ double-lock
        rows.insert(id, next);
        next
    }

    // a read with an operator is put in parentheses where it goes
    pub fn over(&self) -> bool {
        let rows = self.rows.lock().unwrap();
        let over = 2 * self.size() > self.limit; //~ double-lock
        over && !rows.is_empty()
    }
}

// a lock passed by reference to a free function
fn has_key(m: &Mutex<HashMap<u32, u64>>, k: u32) -> bool {
    m.lock().unwrap().contains_key(&k)
}

pub fn insert_new(m: &Mutex<HashMap<u32, u64>>, k: u32, v: u64) -> bool {
    let mut g = m.lock().unwrap();
    if has_key(m, k) { //~ double-lock
        return false;
    }
    g.insert(k, v);
    true
}

// no edit: the read's closure binds `n`, the name of the argument (`|n| n == n` would
// compare each name with itself)
pub struct Roster {
    names: Mutex<Vec<String>>,
}

impl Roster {
    fn has(&self, name: &str) -> bool {
        self.names.lock().unwrap().iter().any(|n| n == name)
    }

    pub fn add(&self, n: &str) {
        let mut names = self.names.lock().unwrap();
        if !self.has(n) { //~ double-lock
            names.push(n.to_string());
        }
    }
}
