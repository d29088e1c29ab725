// Expected: double-lock (lock-order) at lines 27 and 33: a read guard of `self.slots`
// (parking_lot RwLock) is held while `self` is passed as an ARGUMENT to a helper that
// write-locks `slots` through its parameter (`helper(self)` -> `s.slots.write()`, and
// `slot.check(self)` -> `db.dep_changed()` -> `self.slots.write()`). racelint reports the same
// re-lock when it is a `self.method()` call (line 22 is found), but it does not map a callee's
// `param.field` lock back to the caller's instance passed as that parameter. In the original,
// the db is additionally passed as `&dyn Db` (dynamic dispatch back into the same storage).
// (From rust-analyzer 64779737db, salsa derived storage: `let read = self.slot_map.read();`
// held across `slot.maybe_changed_after(db, ..)`, which re-enters and takes slot_map.write().)
use parking_lot::RwLock;
use std::collections::HashMap;

pub struct Storage { slots: RwLock<HashMap<u32, u32>> }

fn helper(s: &Storage) { s.slots.write().insert(1, 1); }

pub struct Slot { dep: u32 }
impl Slot { fn check(&self, db: &Storage) -> bool { db.dep_changed(self.dep) } }

impl Storage {
    fn dep_changed(&self, key: u32) -> bool { self.slots.write().insert(key, 1).is_some() }
    pub fn found(&self) { let _r = self.slots.read(); self.dep_changed(1); }

    pub fn via_free_fn(&self) {
        let read = self.slots.read();
        let n = read.len();
        helper(self);
        let _ = n;
    }
    pub fn via_other_type(&self, key: u32) -> bool {
        let read = self.slots.read();
        let slot = Slot { dep: read.get(&key).copied().unwrap_or(0) };
        slot.check(self)
    }
}
