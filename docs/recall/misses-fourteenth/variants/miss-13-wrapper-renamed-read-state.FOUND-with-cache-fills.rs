use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

#[derive(Clone)]
pub struct FocusedCache {
    event: String,
}

pub struct StateLock {
    locked_state: RwLock<HashMap<String, FocusedCache>>,
}

impl StateLock {
    pub fn read_state(&self) -> RwLockReadGuard<'_, HashMap<String, FocusedCache>> {
        self.locked_state.read().unwrap()
    }

    pub fn write_state(&self) -> RwLockWriteGuard<'_, HashMap<String, FocusedCache>> {
        self.locked_state.write().unwrap()
    }
}

pub struct RoomCacheInner {
    state: StateLock,
}

pub struct RoomCache {
    inner: Arc<RoomCacheInner>,
}

impl RoomCache {
    pub fn get_or_create(&self, event: String) -> FocusedCache {
        let guard = self.inner.state.read_state();
        if let Some(cache) = guard.get(&event).cloned() {
            return cache;
        }
        drop(guard);
        let cache = FocusedCache { event: event.clone() };
        self.inner.state.write_state().insert(event, cache.clone());
        cache
    }
}
