// #18 variant: the same with a `tokio::sync::broadcast` channel: the state is read, then
// `events.subscribe()`
use std::collections::HashMap;

use tokio::sync::{broadcast, Mutex};

pub struct Manager {
    state: Mutex<HashMap<String, String>>,
    events: broadcast::Sender<String>,
}

impl Manager {
    pub async fn publish(&self, key: &str, v: String) {
        self.state.lock().await.insert(key.to_string(), v.clone());
        let _ = self.events.send(v);
    }

    pub async fn subscribe(&self, key: &str) -> (Option<String>, broadcast::Receiver<String>) {
        let current = self.state.lock().await.get(key).cloned();
        let rx = self.events.subscribe();
        (current, rx)
    }
}
