// garage 69b89fb4 shape: several workers peek the first entry of a persistent (sled) queue,
// process it, and only then remove it. Two workers take the same entry.
use std::sync::Arc;

pub struct Resync {
    queue: sled::Tree,
}

impl Resync {
    async fn process(&self, _hash: &[u8]) -> Result<(), String> {
        Ok(())
    }

    pub async fn step(&self) -> Result<(), String> {
        if let Some(first) = self.queue.iter().next() {
            let (key, hash) = first.map_err(|e| e.to_string())?;
            let res = self.process(&hash).await;
            self.queue.remove(&key).map_err(|e| e.to_string())?;
            res?;
        }
        Ok(())
    }
}

pub fn spawn_workers(r: Arc<Resync>) {
    for _ in 0..2 {
        let r = r.clone();
        tokio::spawn(async move {
            loop {
                let _ = r.step().await;
            }
        });
    }
}
