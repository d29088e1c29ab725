// #18 variant: the current state read from a shared in-memory map (no callback), then the
// Sender registered under a second guard; the publisher updates the state and sends
use std::collections::HashMap;

use tokio::sync::{mpsc, Mutex};

pub struct Manager {
    state: Mutex<HashMap<String, String>>,
    subscribers: Mutex<Vec<mpsc::Sender<String>>>,
}

impl Manager {
    pub async fn publish(&self, key: &str, v: String) {
        self.state.lock().await.insert(key.to_string(), v.clone());
        for s in self.subscribers.lock().await.iter() {
            let _ = s.try_send(v.clone());
        }
    }

    pub async fn subscribe(&self, key: &str) -> mpsc::Receiver<String> {
        let (tx, rx) = mpsc::channel(10);
        if let Some(v) = self.state.lock().await.get(key).cloned() {
            let _ = tx.try_send(v);
        }
        self.subscribers.lock().await.push(tx);
        rx
    }
}
