// Near misses of `rwlock-check-then-write`.

use parking_lot::{RwLock, RwLockUpgradableReadGuard};
use std::sync::Arc;

#[derive(Default)]
pub struct State {
    pub items: Vec<u32>,
    pub enabled: bool,
    pub hits: u64,
}

pub struct Svc {
    state: RwLock<State>,
    other: RwLock<Vec<u32>>,
    std_state: std::sync::RwLock<Vec<u32>>,
}

impl Svc {
    // The write lock taken for both.
    pub fn write_for_both(&self) {
        let mut s = self.state.write();
        if s.items.is_empty() {
            s.items.push(1);
        }
    }

    // Re-checked after acquiring the write lock.
    pub fn rechecked(&self) {
        if self.state.read().items.is_empty() {
            let mut s = self.state.write();
            if s.items.is_empty() {
                s.items.push(1);
            }
        }
    }

    // parking_lot's upgradable read.
    pub fn upgradable(&self) {
        let s = self.state.upgradable_read();
        if s.items.is_empty() {
            let mut w = RwLockUpgradableReadGuard::upgrade(s);
            w.items.push(1);
        }
    }

    // Checked in one lock, written in another.
    pub fn other_lock(&self) {
        if self.state.read().items.is_empty() {
            self.other.write().push(1);
        }
    }

    // The check only returns an error.
    pub fn only_error(&self) -> Result<(), String> {
        if !self.state.read().enabled {
            return Err("disabled".into());
        }
        Ok(())
    }

    // Checked one field, wrote an unrelated one.
    pub fn unrelated_field(&self) {
        if self.state.read().enabled {
            self.state.write().hits += 1;
        }
    }

    // std RwLock, re-checked under the write guard with `if let`.
    pub fn std_rechecked(&self, v: u32) {
        if !self.std_state.read().unwrap().contains(&v) {
            let mut w = self.std_state.write().unwrap();
            if let Err(pos) = w.binary_search(&v) {
                w.insert(pos, v);
            }
        }
    }

    // `&mut self`: no other thread holds this lock.
    pub fn exclusive(&mut self) {
        if self.std_state.read().unwrap().is_empty() {
            self.std_state.write().unwrap().push(1);
        }
    }
}

// A lock created and used locally.
pub fn local() -> Vec<u32> {
    let l = std::sync::RwLock::new(Vec::new());
    if l.read().unwrap().is_empty() {
        l.write().unwrap().push(1);
    }
    l.into_inner().unwrap()
}

pub fn reader(v: Arc<RwLock<Vec<u32>>>) -> usize {
    if v.read().is_empty() {
        return 0;
    }
    v.read().len()
}
