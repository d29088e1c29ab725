// #15 cdk cb0d36861: a wallet reads the keyset counter from its store, derives secrets from
// it, talks to the mint, then increments the stored counter by the number used. Two
// concurrent mints read the same counter and derive the same secrets (duplicate blinded
// messages). Fixed by one atomic `increment_keyset_counter` returning the new value.
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
        let count = self.localstore.get_keyset_counter(keyset).await?;
        let count = count.map_or(0, |c| c + 1);
        let used = mint_with(count, n).await;
        self.localstore.increment_keyset_counter(keyset, used).await?;
        Ok(())
    }
}
