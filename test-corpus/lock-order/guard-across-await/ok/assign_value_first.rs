// Rust evaluates the value of an assignment before its place: in
// `*m.lock().unwrap() = f().await`, the `.await` finishes before the lock is taken, so no
// guard is held across it.
use std::sync::{Arc, Mutex, RwLock};

pub struct Progress {
    done: Mutex<Vec<u32>>,
    label: RwLock<String>,
}

impl Progress {
    pub async fn refresh(&self) -> Result<(), String> {
        *self.done.lock().unwrap() = load().await?;
        Ok(())
    }

    pub async fn rename(&self, id: u32) {
        *self.label.write().unwrap() = format!("{}-{}", name(id).await, id);
    }
}

pub async fn reset(shared: Arc<Mutex<Vec<u32>>>) {
    *shared.lock().unwrap() = {
        let fresh = load().await.unwrap_or_default();
        fresh
    };
}

pub fn spawn_refresh(shared: Arc<parking_lot::Mutex<Vec<u32>>>) {
    tokio::spawn(async move {
        *shared.lock() = load().await.unwrap_or_default();
    });
}

async fn load() -> Result<Vec<u32>, String> {
    Ok(Vec::new())
}
async fn name(_id: u32) -> String {
    String::new()
}
