// The callers, in another file: one takes the owner list inside the helper's closure (shard,
// then list), the other holds the list and calls the helper (list, then shard).
use crate::registry::Registry;
use parking_lot::Mutex;

pub struct Owners {
    registry: Registry,
    list: Mutex<Vec<u64>>,
}

impl Owners {
    pub fn claim(&self, id: u64, owner: u64) {
        self.registry.with_slot_mut(id, |s| {
            s.owner = owner;
            self.list.lock().push(owner); //~ lock-order-inversion
        });
    }

    pub fn release_all(&self) {
        let mut list = self.list.lock();
        for id in list.drain(..) {
            self.registry.with_slot_mut(id, |s| s.owner = 0);
        }
    }
}
