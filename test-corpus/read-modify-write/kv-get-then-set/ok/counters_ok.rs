// Counters reserved atomically: the increment returns the new value and that is what is
// used; or the read is only displayed; or a lock is held from the read to the increment.
use async_trait::async_trait;
use std::sync::Arc;
use tokio::sync::Mutex;

#[async_trait]
pub trait WalletDatabase: Send + Sync {
    async fn get_keyset_counter(&self, id: &str) -> Result<Option<u32>, String>;
    async fn increment_keyset_counter(&self, id: &str, n: u32) -> Result<u32, String>;
}

pub struct Wallet {
    localstore: Arc<dyn WalletDatabase>,
    mint_lock: Mutex<()>,
}

async fn derive(_start: u32, n: u32) -> u32 {
    n
}

impl Wallet {
    pub async fn mint(&self, keyset: &str, n: u32) -> Result<(), String> {
        let end = self.localstore.increment_keyset_counter(keyset, n).await?;
        derive(end - n, n).await;
        Ok(())
    }

    pub async fn bump_only(&self, keyset: &str, n: u32) -> Result<(), String> {
        let _before = self.localstore.get_keyset_counter(keyset).await?;
        self.localstore.increment_keyset_counter(keyset, n).await?;
        Ok(())
    }

    pub async fn mint_serialised(&self, keyset: &str, n: u32) -> Result<(), String> {
        let _g = self.mint_lock.lock().await;
        let count = self.localstore.get_keyset_counter(keyset).await?.unwrap_or(0);
        derive(count, n).await;
        self.localstore.increment_keyset_counter(keyset, n).await?;
        Ok(())
    }
}
