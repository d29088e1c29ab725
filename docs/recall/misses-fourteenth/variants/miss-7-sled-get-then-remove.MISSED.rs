pub struct Resync {
    queue: sled::Tree,
}

impl Resync {
    async fn process(&self, _hash: &[u8]) -> Result<(), String> {
        Ok(())
    }

    pub async fn step(&self, key: &[u8]) -> Result<(), String> {
        if let Some(hash) = self.queue.get(key).map_err(|e| e.to_string())? {
            let res = self.process(&hash).await;
            self.queue.remove(key).map_err(|e| e.to_string())?;
            res?;
        }
        Ok(())
    }
}
