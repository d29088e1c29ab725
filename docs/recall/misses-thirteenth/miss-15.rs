// readyset fc15d1b79 shape: a closure passed to a generic trait method runs under that method's write guard and re-locks it.
use parking_lot::RwLock;
use std::collections::HashMap;

pub struct PersistentHandle {
    statuses: RwLock<HashMap<u64, String>>,
}

impl PersistentHandle {
    fn insert_with_status(&self, id: u64, status: String) {
        let mut statuses = self.statuses.write();
        statuses.insert(id, status);
    }
}

pub struct StatusCache {
    persistent: PersistentHandle,
}

pub trait StatusKey {
    fn id(&self) -> u64;
    fn with_mut_status<F, R>(&self, cache: &StatusCache, f: F) -> R
    where
        F: Fn(Option<&mut String>) -> R;
}

impl StatusKey for u64 {
    fn id(&self) -> u64 { *self }
    fn with_mut_status<F, R>(&self, cache: &StatusCache, f: F) -> R
    where
        F: Fn(Option<&mut String>) -> R,
    {
        let mut statuses = cache.persistent.statuses.write();
        f(statuses.get_mut(self))
    }
}

impl StatusCache {
    fn insert_with_status(&self, id: u64, status: String) {
        self.persistent.insert_with_status(id, status);
    }

    pub fn view_not_found<Q: StatusKey>(&self, q: &Q) {
        q.with_mut_status(self, |s| match s {
            Some(s) => *s = "pending".to_string(),
            // runs while with_mut_status holds the write guard of `statuses`
            None => self.insert_with_status(q.id(), "pending".to_string()),
        });
    }
}
