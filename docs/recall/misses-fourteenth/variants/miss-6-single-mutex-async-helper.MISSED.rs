// garage e4c9a8cd shape: a striped async mutex is taken through a helper that returns the
// guard; a method of the guarded type is called on the temporary guard and calls back into the
// manager, which (on a corrupt block) takes the same stripe again.
use tokio::sync::{Mutex, MutexGuard};

pub struct Locked {
    moved: u64,
}

pub struct Manager {
    stripe: Mutex<Locked>,
}

impl Manager {
    async fn lock_stripe(&self, hash: u64) -> MutexGuard<'_, Locked> {
        let _ = hash;
        self.stripe.lock().await
    }

    pub async fn read_block(&self, hash: u64, path: &str) -> Result<Vec<u8>, String> {
        let data = tokio::fs::read(path).await.map_err(|e| e.to_string())?;
        if data.is_empty() {
            self.lock_stripe(hash).await.move_to_corrupted(path).await;
            return Err("corrupt".into());
        }
        Ok(data)
    }

    pub async fn fix_location(&self, hash: u64, wrong: &str) -> Result<usize, String> {
        self.lock_stripe(hash).await.fix_location(hash, wrong, self).await
    }
}

impl Locked {
    async fn move_to_corrupted(&mut self, _path: &str) {
        self.moved += 1;
    }

    async fn fix_location(&mut self, hash: u64, wrong: &str, mgr: &Manager) -> Result<usize, String> {
        let data = mgr.read_block(hash, wrong).await?;
        Ok(data.len())
    }
}
