// A `match` or `if let` on a value read under a temporary guard: the guard lives to the end
// of the statement, through the arm that calls a function locking the same lock again. The
// value is owned (`.clone()`, `.len()`, `.cloned()`), so it is taken out in a `let` first and
// the guard ends at that `;`.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

pub struct Settings {
    limit: Option<u32>,
    name: String,
}

pub struct Service {
    settings: RwLock<Settings>,
    hits: Mutex<HashMap<String, u32>>,
}

impl Service {
    fn name(&self) -> String {
        self.settings.write().unwrap().name.clone()
    }

    fn bump(&self, k: &str) -> u32 {
        let mut h = self.hits.lock().unwrap();
        let n = h.entry(k.to_string()).or_insert(0);
        *n += 1;
        *n
    }

    // a method called in a `match` arm
    pub fn describe(&self) -> String {
        match self.settings.read().unwrap().limit.clone() {
            Some(limit) => format!("{} (limit {limit})", self.name()), //~ double-lock
            None => String::from("unlimited"),
        }
    }

    // a `let` bound to the `match`, the call in a guard-free arm
    pub fn record(&self, k: &str) -> u32 {
        let seen = match self.hits.lock().unwrap().len() {
            0 => self.bump(k), //~ double-lock
            n => n as u32,
        };
        seen
    }

    // an `if let` (edition 2024: the scrutinee's temporaries live through the block)
    pub fn hit_again(&self, k: &str) -> Option<u32> {
        if let Some(prev) = self.hits.lock().unwrap().get(k).cloned() {
            return Some(prev + self.bump(k)); //~ double-lock
        }
        None
    }
}

// a free function on a static
static TOTAL: Mutex<Vec<u64>> = Mutex::new(Vec::new());

fn push(n: u64) -> usize {
    let mut t = TOTAL.lock().unwrap();
    t.push(n);
    t.len()
}

pub fn push_if_small(n: u64) -> usize {
    match TOTAL.lock().unwrap().len() {
        len if len < 100 => push(n), //~ double-lock
        len => len,
    }
}
