// Near misses of mutex-check-then-act: each is quiet.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Pool {
    size: usize,
    hits: usize,
    idle: Vec<u32>,
    map: HashMap<u32, u32>,
}

pub struct Shared {
    m: Arc<Mutex<Pool>>,
    other: Arc<Mutex<Pool>>,
}

impl Shared {
    // one guard for both
    pub fn one_guard(&self, max: usize) {
        let mut p = self.m.lock().unwrap();
        if p.size < max {
            p.size += 1;
        }
    }

    // the second guard checks again
    pub fn rechecks(&self, max: usize) {
        if self.m.lock().unwrap().size < max {
            let mut p = self.m.lock().unwrap();
            if p.size < max {
                p.size += 1;
            }
        }
    }

    // the act only removes
    pub fn only_removes(&self) {
        if !self.m.lock().unwrap().idle.is_empty() {
            let mut p = self.m.lock().unwrap();
            p.idle.clear();
        }
    }

    // the act writes a field the check did not read
    pub fn unrelated(&self, max: usize) {
        if self.m.lock().unwrap().size < max {
            self.m.lock().unwrap().hits += 1;
        }
    }

    // another lock
    pub fn other_lock(&self, max: usize) {
        if self.other.lock().unwrap().size < max {
            self.m.lock().unwrap().size += 1;
        }
    }

    // idempotent work under the second guard
    pub fn entry(&self, k: u32) {
        if self.m.lock().unwrap().map.is_empty() {
            self.m.lock().unwrap().map.entry(k).or_insert(0);
        }
    }

    // the write's result is tested
    pub fn result_tested(&self, k: u32) {
        if !self.m.lock().unwrap().idle.is_empty() {
            let mut p = self.m.lock().unwrap();
            let Some(c) = p.idle.pop() else { return };
            p.map.insert(c, k);
        }
    }

    // a `?` under the second guard
    pub fn tried(&self, k: u32) -> Option<()> {
        if self.m.lock().unwrap().size > 0 {
            let mut p = self.m.lock().unwrap();
            let v = p.map.get_mut(&k)?;
            *v += 1;
            p.size += 1;
        }
        Some(())
    }

    // `&mut self`: nobody else can run this on the same object
    pub fn exclusive(&mut self, max: usize) {
        if self.m.lock().unwrap().size < max {
            self.m.lock().unwrap().size += 1;
        }
    }
}

// a lock created here and never shared
pub fn local(max: usize) {
    let m = Mutex::new(Pool { size: 0, hits: 0, idle: Vec::new(), map: HashMap::new() });
    if m.lock().unwrap().size < max {
        m.lock().unwrap().size += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn grows() {
        let m = Arc::new(Mutex::new(Pool { size: 0, hits: 0, idle: Vec::new(), map: HashMap::new() }));
        if m.lock().unwrap().size < 3 {
            m.lock().unwrap().size += 1;
        }
    }
}
