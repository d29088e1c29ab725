// The helper, in its own file: it runs the caller's closure in a closure over the map's
// reference, so the closure's locks are taken while that shard is held.
use dashmap::DashMap;

pub struct Slot {
    pub owner: u64,
}

pub struct Registry {
    pub slots: DashMap<u64, Slot>,
}

impl Registry {
    pub fn with_slot_mut<R>(&self, id: u64, f: impl FnOnce(&mut Slot) -> R) -> Option<R> {
        self.slots.get_mut(&id).map(|mut s| f(s.value_mut()))
    }
}
