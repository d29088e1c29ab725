// greptimedb e7a64b7dc0 shape: presence checked through a helper that locks the map, inserted under a second guard.
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Mutex;

pub struct TaskHandle { region: u64 }
impl TaskHandle {
    async fn start(&self) {}
}

pub struct AliveKeeper {
    tasks: Arc<Mutex<HashMap<u64, Arc<TaskHandle>>>>,
    started: AtomicBool,
}

impl AliveKeeper {
    async fn find_handle(&self, region: u64) -> Option<Arc<TaskHandle>> {
        self.tasks.lock().await.get(&region).cloned()
    }

    pub async fn register_region(&self, region: u64) {
        if self.find_handle(region).await.is_some() {
            return;
        }
        let handle = Arc::new(TaskHandle { region });
        let mut handles = self.tasks.lock().await;
        let _ = handles.insert(region, handle.clone());
        if self.started.load(Ordering::Relaxed) {
            handle.start().await;
        }
    }
}
