use std::collections::HashMap;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

#[derive(Clone)]
pub struct FocusedCache {
    event: String,
}

pub struct RoomCache {
    focused: RwLock<HashMap<String, FocusedCache>>,
}

impl RoomCache {
    fn read_state(&self) -> RwLockReadGuard<'_, HashMap<String, FocusedCache>> {
        self.focused.read().unwrap()
    }

    fn write_state(&self) -> RwLockWriteGuard<'_, HashMap<String, FocusedCache>> {
        self.focused.write().unwrap()
    }

    pub fn get_or_create(&self, event: String) -> FocusedCache {
        let guard = self.read_state();
        if let Some(cache) = guard.get(&event).cloned() {
            return cache;
        }
        drop(guard);
        let cache = FocusedCache { event: event.clone() };
        self.write_state().insert(event, cache.clone());
        cache
    }
}
