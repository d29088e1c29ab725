// matrix-rust-sdk 8d38f6109 shape: get-or-create of a per-event cache. The map lives behind the
// project's own lock type (async `read()`/`write()` returning `Result<guard>`); the lookup and the
// insertion are methods of the guard types. Two callers both miss and both insert.
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use tokio::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

#[derive(Debug)]
pub struct Error;

#[derive(Clone)]
pub struct FocusedCache {
    event: String,
}

impl FocusedCache {
    async fn start_from_server(&self) -> Result<(), Error> {
        Ok(())
    }
}

#[derive(Default)]
pub struct CacheState {
    focused: HashMap<(String, bool), FocusedCache>,
}

pub struct StateLock<S> {
    locked_state: RwLock<S>,
}

pub struct StateReadGuard<'a, S> {
    state: RwLockReadGuard<'a, S>,
}

pub struct StateWriteGuard<'a, S> {
    state: RwLockWriteGuard<'a, S>,
}

impl<S> StateLock<S> {
    pub async fn read(&self) -> Result<StateReadGuard<'_, S>, Error> {
        Ok(StateReadGuard { state: self.locked_state.read().await })
    }

    pub async fn write(&self) -> Result<StateWriteGuard<'_, S>, Error> {
        Ok(StateWriteGuard { state: self.locked_state.write().await })
    }
}

impl<S> Deref for StateReadGuard<'_, S> {
    type Target = S;
    fn deref(&self) -> &S {
        &self.state
    }
}

impl<S> Deref for StateWriteGuard<'_, S> {
    type Target = S;
    fn deref(&self) -> &S {
        &self.state
    }
}

impl<S> DerefMut for StateWriteGuard<'_, S> {
    fn deref_mut(&mut self) -> &mut S {
        &mut self.state
    }
}

impl CacheState {
    pub fn get_focused_cache(&self, event: String, threaded: bool) -> Option<FocusedCache> {
        self.focused.get(&(event, threaded)).cloned()
    }

    pub fn insert_focused_cache(&mut self, event: String, threaded: bool, cache: FocusedCache) {
        self.focused.insert((event, threaded), cache);
    }
}

pub struct RoomCacheInner {
    state: RwLock<CacheState>,
}

pub struct RoomCache {
    inner: Arc<RoomCacheInner>,
}

impl RoomCache {
    pub async fn get_or_create_focused(&self, event: String, threaded: bool) -> Result<FocusedCache, Error> {
        let key = (event.clone(), threaded);
        let guard = self.inner.state.read().await;
        if let Some(cache) = guard.focused.get(&key).cloned() {
            return Ok(cache);
        }
        drop(guard);

        let cache = FocusedCache { event: event.clone() };
        cache.start_from_server().await?;

        self.inner.state.write().await.focused.insert(key, cache.clone());
        Ok(cache)
    }
}
