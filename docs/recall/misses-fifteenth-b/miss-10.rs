// #10 greptimedb a383f0cbcd: `register_region` tests `self.find_handle(id).await.is_some()`
// (an async helper that locks `tasks` and clones the entry), releases the lock, builds a
// handle, then locks `tasks` again and inserts: two registrations both insert and start.
use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Mutex;

pub struct Handle;

pub struct Keeper {
    tasks: Arc<Mutex<HashMap<u64, Arc<Handle>>>>,
}

impl Keeper {
    async fn find_handle(&self, id: u64) -> Option<Arc<Handle>> {
        self.tasks.lock().await.get(&id).cloned()
    }

    pub async fn register(&self, id: u64) {
        if self.find_handle(id).await.is_some() {
            return;
        }
        let handle = Arc::new(Handle);
        let mut handles = self.tasks.lock().await;
        let _ = handles.insert(id, handle.clone());
    }
}
