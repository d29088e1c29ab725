// #21 tabby f532254c2 (FOUND): `generate` takes `engine` then `requests`; the background job
// takes `requests` then `engine` (tokio mutexes, ABBA).
use std::collections::HashMap;

use tokio::sync::Mutex;

pub struct Engine {
    engine: Mutex<Vec<u32>>,
    requests: Mutex<HashMap<u32, String>>,
    next_id: Mutex<u32>,
}

impl Engine {
    pub async fn background_job(&self) {
        let requests = self.requests.lock().await;
        if requests.is_empty() {
            return;
        }
        let mut engine = self.engine.lock().await;
        engine.push(requests.len() as u32);
    }

    pub async fn generate(&self, prompt: String) {
        let mut engine = self.engine.lock().await;
        let mut id = self.next_id.lock().await;
        self.requests.lock().await.insert(*id, prompt);
        engine.push(*id);
        *id = (*id + 1) % 2048;
    }
}
