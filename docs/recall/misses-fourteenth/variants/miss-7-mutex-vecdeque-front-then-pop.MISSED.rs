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
        let first = self.queue.lock().unwrap().front().cloned();
        if let Some(hash) = first {
            let res = self.process(&hash).await;
            self.queue.lock().unwrap().pop_front();
            res?;
        }
        Ok(())
    }
}
