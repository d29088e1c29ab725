// Blocking guards alive at an `.await`.
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

pub struct Service {
    state: Mutex<Vec<u32>>,
    config: RwLock<String>,
}

impl Service {
    pub async fn handle(&self, x: u32) {
        let mut state = self.state.lock().unwrap(); //~ guard-across-await
        state.push(x);
        tokio::time::sleep(Duration::from_millis(10)).await;
        state.push(x + 1);
    }

    pub async fn reload(&self) {
        let cfg = self.config.read().unwrap(); //~ guard-across-await
        fetch(&cfg).await;
    }

    pub async fn send_len(&self) {
        send(self.state.lock().unwrap().len(), tick().await); //~ guard-across-await
    }
}

pub fn start(shared: Arc<parking_lot::Mutex<u64>>) {
    tokio::spawn(async move {
        let mut g = shared.lock(); //~ guard-across-await
        *g += 1;
        tick().await;
    });
}

async fn fetch(_s: &str) {}
async fn tick() -> u32 {
    0
}
fn send(_a: usize, _b: u32) {}
