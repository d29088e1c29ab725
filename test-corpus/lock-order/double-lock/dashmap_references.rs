// `double-lock` on a DashMap: a reference returned by `get`, `get_mut`, `entry` or `iter`
// locks its shard until it is dropped; `insert`, `remove` or another `get_mut` of the same
// map while it is alive waits for that lock (always, for the same key): self-deadlock. An
// `Option` from `get` holds the lock only when it is `Some` (unwrapped, or in the block of
// an `if let Some(..)`); an `Entry` holds it in both arms.

use dashmap::DashMap;
use std::sync::Arc;

pub struct Channels {
    senders: DashMap<u64, Vec<String>>,
}

impl Channels {
    pub fn dispatch(&self, id: u64, msg: &str) {
        if let Some(list) = self.senders.get(&id) {
            if list.is_empty() {
                self.senders.remove(&id); //~ double-lock
            }
        }
    }

    // `ref` borrows the reference, which the scrutinee's temporary still holds: dropping
    // the borrow releases nothing
    pub fn dispatch_ref(&self, id: u64) {
        if let Some(ref list) = self.senders.get(&id) {
            let empty = list.is_empty();
            drop(list);
            if empty {
                self.senders.remove(&id); //~ double-lock
            }
        }
    }

    pub fn reset_if_long(&self, id: u64) {
        let list = self.senders.get(&id).unwrap();
        if list.len() > 10 {
            self.senders.insert(id, Vec::new()); //~ double-lock
        }
    }

    pub fn prune(&self) {
        for entry in self.senders.iter() {
            if entry.value().is_empty() {
                self.senders.remove(entry.key()); //~ double-lock
            }
        }
    }
}

pub fn bump(map: &DashMap<String, u32>, key: &str) {
    match map.entry(key.to_string()) {
        dashmap::mapref::entry::Entry::Occupied(mut e) => *e.get_mut() += 1,
        dashmap::mapref::entry::Entry::Vacant(_) => {
            map.insert(key.to_string(), 1); //~ double-lock
        }
    }
}

pub fn run(c: Arc<Channels>) {
    c.dispatch(1, "a");
    c.reset_if_long(1);
    c.prune();
}
