// #18 cdk 62f085b35: a new subscription first loads the current state (through a callback
// that reads the database) and sends it, and only then registers its `mpsc::Sender` in the
// shared index map that `broadcast` iterates. An event published in between is never
// delivered to the new subscriber (lost event).
use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{mpsc, RwLock};

#[async_trait::async_trait]
pub trait OnNewSubscription: Send + Sync {
    async fn initial_state(&self, key: &str) -> Result<Vec<String>, String>;
}

pub struct Manager {
    subscribers: Arc<RwLock<HashMap<String, Vec<mpsc::Sender<String>>>>>,
    on_new: Option<Box<dyn OnNewSubscription>>,
}

impl Manager {
    pub async fn broadcast(&self, key: &str, event: String) {
        if let Some(senders) = self.subscribers.read().await.get(key) {
            for s in senders {
                let _ = s.try_send(event.clone());
            }
        }
    }

    pub async fn subscribe(&self, key: &str) -> mpsc::Receiver<String> {
        let (tx, rx) = mpsc::channel(10);
        if let Some(cb) = self.on_new.as_ref() {
            if let Ok(events) = cb.initial_state(key).await {
                for e in events {
                    let _ = tx.try_send(e);
                }
            }
        }
        self.subscribers.write().await.entry(key.to_string()).or_default().push(tx);
        rx
    }
}
