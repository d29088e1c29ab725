use parking_lot::RwLock;

pub struct Update {
    pub slot: u64,
}

pub struct ServerCache {
    latest: RwLock<Option<Update>>,
}

impl ServerCache {
    pub fn new() -> Self {
        ServerCache { latest: RwLock::new(None) }
    }

    pub fn recompute(&self, slot: u64) {
        let newer = match &*self.latest.read() {
            Some(cur) => slot > cur.slot,
            None => true,
        };
        if newer {
            *self.latest.write() = Some(Update { slot });
        }
    }

    pub fn latest_slot(&self) -> Option<u64> {
        self.latest.read().as_ref().map(|u| u.slot)
    }
}
