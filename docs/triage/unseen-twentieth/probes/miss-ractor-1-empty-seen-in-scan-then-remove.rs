// Miss, ractor 26c5fa6 (parent e6174c89), ractor/src/pg.rs `leave_all`, fix item #9.
// Written from scratch. A global registry of groups (DashMap group -> members). When a member
// stops, `leave_everywhere` scans every group under the shard guards, removes the member and
// remembers the groups that became empty; the guards are gone when it later removes those
// groups by key. A `join` on another thread that adds a member to one of those groups between
// the scan and the removal is thrown away with the group: the new member silently is in no
// group. The fix re-checks emptiness under the entry lock (`remove_if(.., |_, m| m.is_empty())`).
// racelint reports nothing: the emptiness check is made during an `iter_mut` scan and carried
// in a Vec of keys, and the removal is an unconditional `remove(&key)` in a later loop.
use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::Arc;

pub struct Registry {
    groups: Arc<DashMap<String, HashMap<u64, String>>>,
}

impl Registry {
    pub fn join(&self, group: &str, id: u64, name: String) {
        self.groups.entry(group.to_string()).or_default().insert(id, name);
    }

    pub fn leave_everywhere(&self, id: u64) {
        let mut emptied = Vec::new();
        for mut entry in self.groups.iter_mut() {
            entry.value_mut().remove(&id);
            if entry.value().is_empty() {
                emptied.push(entry.key().clone());
            }
        }
        for key in emptied {
            self.groups.remove(&key); // may drop a member that joined after the scan
        }
    }

    // Same shape with an explicit lookup instead of the scan: also silent.
    pub fn leave_one(&self, group: &str, id: u64) {
        let now_empty = match self.groups.get_mut(group) {
            Some(mut members) => {
                members.remove(&id);
                members.is_empty()
            }
            None => false,
        };
        if now_empty {
            self.groups.remove(group);
        }
    }
}

pub fn run(reg: Arc<Registry>) {
    let r1 = reg.clone();
    std::thread::spawn(move || r1.leave_everywhere(7));
    std::thread::spawn(move || reg.join("workers", 8, "b".into()));
}
