// A read guard is held while a called method read-locks the same RwLock again: a writer
// queued in between blocks the second read, and waits for the first (deadlock).
use std::collections::HashMap;
use tokio::sync::RwLock;

pub struct Jobs {
    running: RwLock<HashMap<u64, String>>,
}

impl Jobs {
    async fn status(&self, id: u64) -> Option<String> {
        self.running.read().await.get(&id).cloned()
    }

    pub async fn pause_all(&self) {
        let running = self.running.read().await;
        for id in running.keys() {
            let _ = self.status(*id).await; //~ double-lock
        }
    }

    pub async fn restart(&self, id: u64) {
        if let Some(name) = self.running.read().await.get(&id) {
            println!("restarting {name}");
            self.status(id).await; //~ double-lock
        }
    }

    pub async fn add(&self, id: u64, name: String) {
        self.running.write().await.insert(id, name);
    }
}

// parking_lot: a helper reached through a closure run in place
pub struct Catalog {
    inner: parking_lot::RwLock<Vec<u64>>,
}

impl Catalog {
    fn first(&self) -> Option<u64> {
        self.inner.read().first().copied()
    }

    pub fn last_or_first(&self) -> Option<u64> {
        let inner = self.inner.read();
        inner.last().copied().or_else(|| self.first()) //~ double-lock
    }
}
