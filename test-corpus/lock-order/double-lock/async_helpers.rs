// Guards handed out by async helpers (`async fn lock_x(&self) -> MutexGuard<..>`), with or
// without arguments, are held by the caller from the `.await` on.
use tokio::sync::{Mutex, MutexGuard, RwLock, RwLockWriteGuard};

pub struct Blocks {
    stripe: Mutex<Vec<u8>>,
    index: RwLock<Vec<u64>>,
}

impl Blocks {
    async fn locked(&self) -> MutexGuard<'_, Vec<u8>> {
        self.stripe.lock().await
    }

    async fn lock_for(&self, hash: u64) -> MutexGuard<'_, Vec<u8>> {
        let _ = hash;
        self.stripe.lock().await
    }

    async fn index_mut(&self) -> Result<RwLockWriteGuard<'_, Vec<u64>>, String> {
        Ok(self.index.write().await)
    }

    async fn mark_corrupt(&self) {
        self.stripe.lock().await.clear();
    }

    async fn entries(&self) -> usize {
        self.index.read().await.len()
    }

    pub async fn repair(&self) {
        let g = self.locked().await;
        if g.is_empty() {
            self.mark_corrupt().await; //~ double-lock
        }
    }

    pub async fn repair_block(&self, hash: u64) {
        let g = self.lock_for(hash).await;
        if g.len() > 4 {
            self.mark_corrupt().await; //~ double-lock
        }
    }

    pub async fn reindex(&self) -> Result<usize, String> {
        let mut idx = self.index_mut().await?;
        idx.push(1);
        Ok(self.entries().await) //~ double-lock
    }
}

pub struct Machine {
    olm: RwLock<Option<Vec<u8>>>,
}

impl Machine {
    async fn olm(&self) -> tokio::sync::RwLockReadGuard<'_, Option<Vec<u8>>> {
        self.olm.read().await
    }

    async fn verify(&self) -> usize {
        self.olm().await.as_ref().map_or(0, |o| o.len())
    }

    // the guard's name is re-bound by `let Some(olm) = olm.as_ref()`: no `drop(olm)` rewrite
    pub async fn decrypt(&self, verification: bool) -> usize {
        let olm = self.olm().await;
        let Some(olm) = olm.as_ref() else { return 0 };
        if verification {
            return self.verify().await + olm.len(); //~ double-lock
        }
        olm.len()
    }
}
