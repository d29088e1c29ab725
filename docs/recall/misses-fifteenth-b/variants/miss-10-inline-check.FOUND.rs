// #10 variant: the check inlined (`self.tasks.lock().await.get(&id).is_some()`)
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
        if self.tasks.lock().await.get(&id).is_some() {
            return;
        }
        let handle = Arc::new(Handle);
        let mut handles = self.tasks.lock().await;
        let _ = handles.insert(id, handle.clone());
    }
}
