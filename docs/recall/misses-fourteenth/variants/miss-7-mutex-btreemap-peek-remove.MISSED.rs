use std::collections::BTreeMap;
use std::sync::Mutex;

pub struct Resync {
    queue: Mutex<BTreeMap<Vec<u8>, Vec<u8>>>,
}

impl Resync {
    async fn process(&self, _hash: &[u8]) -> Result<(), String> {
        Ok(())
    }

    pub async fn step(&self) -> Result<(), String> {
        let first = self.queue.lock().unwrap().iter().next().map(|(k, v)| (k.clone(), v.clone()));
        if let Some((key, hash)) = first {
            let res = self.process(&hash).await;
            self.queue.lock().unwrap().remove(&key);
            res?;
        }
        Ok(())
    }
}
