// #15 variant: real verbs, the read unwrapped inline, no `map_or` closure
use std::sync::Arc;

#[async_trait::async_trait]
pub trait WalletDatabase: Send + Sync {
    async fn get_keyset_counter(&self, id: &str) -> Result<Option<u32>, String>;
    async fn increment_keyset_counter(&self, id: &str, n: u32) -> Result<(), String>;
}

pub struct Wallet {
    localstore: Arc<dyn WalletDatabase>,
}

async fn mint_with(_start: u32, n: u32) -> u32 {
    n
}

impl Wallet {
    pub async fn mint(&self, keyset: &str, n: u32) -> Result<(), String> {
        let count = self.localstore.get_keyset_counter(keyset).await?.unwrap_or(0);
        let used = mint_with(count, n).await;
        self.localstore.increment_keyset_counter(keyset, used).await?;
        Ok(())
    }
}
