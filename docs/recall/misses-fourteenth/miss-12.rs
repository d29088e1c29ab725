// matrix-rust-sdk 74fd7544c shape: a listener task is started once, checked under one guard of a
// (poison-free) mutex and stored under a second guard: two subscribers both start it.
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

pub struct SpaceService {
    joined: Arc<Mutex<Vec<String>>>,
    update_task: Mutex<Option<JoinHandle<()>>>,
}

impl SpaceService {
    pub async fn subscribe(&self) -> Vec<String> {
        if self.update_task.lock().unwrap().is_none() {
            let joined = Arc::clone(&self.joined);
            *self.update_task.lock().unwrap() = Some(tokio::spawn(async move {
                joined.lock().unwrap().push("room".to_owned());
            }));
        }
        self.joined.lock().unwrap().clone()
    }
}
