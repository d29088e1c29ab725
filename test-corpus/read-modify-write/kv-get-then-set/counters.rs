// A store counter read and used as a reservation (the next derivation index), then bumped
// by a separate increment. Two concurrent mints read the same counter and derive the same
// secrets.
use std::sync::Arc;

pub struct WalletDatabase;

impl WalletDatabase {
    pub async fn get_keyset_counter(&self, _id: &str) -> Result<Option<u32>, String> {
        Ok(None)
    }
    pub async fn increment_keyset_counter(&self, _id: &str, _n: u32) -> Result<(), String> {
        Ok(())
    }
}

pub struct Wallet {
    localstore: Arc<WalletDatabase>,
}

async fn derive(_start: u32, n: u32) -> u32 {
    n
}

impl Wallet {
    pub async fn mint(&self, keyset: &str, n: u32) -> Result<(), String> {
        let count = self.localstore.get_keyset_counter(keyset).await?;
        let count = count.map_or(0, |c| c + 1);
        let used = derive(count, n).await;
        self.localstore.increment_keyset_counter(keyset, used).await?; //~ kv-get-then-set
        Ok(())
    }
}

pub struct Nonces {
    db: Db,
}

pub struct Db;

impl Db {
    pub fn get_nonce(&self, _account: &str) -> u64 {
        0
    }
    pub fn increment_nonce(&self, _account: &str) {}
}

fn sign(_nonce: u64) {}

impl Nonces {
    pub fn send(&self, account: &str) {
        let nonce = self.db.get_nonce(account);
        sign(nonce);
        self.db.increment_nonce(account); //~ kv-get-then-set
    }
}
