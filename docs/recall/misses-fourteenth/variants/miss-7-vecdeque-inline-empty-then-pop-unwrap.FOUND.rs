use std::collections::VecDeque;
use std::sync::Mutex;

pub struct Resync {
    queue: Mutex<VecDeque<Vec<u8>>>,
}

impl Resync {
    async fn process(&self, _hash: &[u8]) -> Result<(), String> {
        Ok(())
    }

    pub async fn step(&self) -> Result<(), String> {
        if !self.queue.lock().unwrap().is_empty() {
            let hash = self.queue.lock().unwrap().pop_front().unwrap();
            self.process(&hash).await?;
        }
        Ok(())
    }
}
