// #10 variant: an async helper returning bool (`has_handle(..) -> bool` with `contains_key`)
use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Mutex;

pub struct Handle;

pub struct Keeper {
    tasks: Arc<Mutex<HashMap<u64, Arc<Handle>>>>,
}

impl Keeper {
    async fn has_handle(&self, id: u64) -> bool {
        self.tasks.lock().await.contains_key(&id)
    }

    pub async fn register(&self, id: u64) {
        if self.has_handle(id).await {
            return;
        }
        let handle = Arc::new(Handle);
        let mut handles = self.tasks.lock().await;
        let _ = handles.insert(id, handle.clone());
    }
}
