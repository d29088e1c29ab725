// The check is a helper that looks the key up under its own guard and returns what it found
// (`Option<Arc<_>>` or `bool`); the caller then locks again and inserts. Two callers both
// see the key missing and both insert.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Handle;

pub struct Keeper {
    tasks: Mutex<HashMap<u64, Arc<Handle>>>,
}

impl Keeper {
    fn find_handle(&self, id: u64) -> Option<Arc<Handle>> {
        self.tasks.lock().unwrap().get(&id).cloned()
    }

    pub fn register(&self, id: u64) {
        if self.find_handle(id).is_some() { //~ map-check-then-insert
            return;
        }
        let handle = Arc::new(Handle);
        let mut handles = self.tasks.lock().unwrap();
        handles.insert(id, handle);
    }
}

// async, tokio, a `bool` helper
pub struct Registry {
    regions: tokio::sync::Mutex<HashMap<String, u32>>,
}

impl Registry {
    async fn has_region(&self, name: &str) -> bool {
        self.regions.lock().await.contains_key(name)
    }

    pub async fn open(&self, name: String, id: u32) {
        if self.has_region(&name).await { //~ map-check-then-insert
            return;
        }
        let mut regions = self.regions.lock().await;
        regions.insert(name, id);
    }
}

// parking_lot RwLock, the helper's answer compared with `None`
pub struct Sessions {
    by_token: parking_lot::RwLock<HashMap<String, u64>>,
}

impl Sessions {
    pub fn lookup(&self, token: &str) -> Option<u64> {
        self.by_token.read().get(token).copied()
    }

    pub fn track(&self, token: String, user: u64) {
        if self.lookup(&token) == None { //~ map-check-then-insert
            self.by_token.write().insert(token, user);
        }
    }
}
