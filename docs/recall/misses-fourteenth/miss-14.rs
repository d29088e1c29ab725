// matrix-rust-sdk c68b0ee02 shape: bootstrap holds the private-identity mutex and then locks the
// account through the store cache; the outgoing-requests path holds the account and then locks
// the private identity, reached through the store (a clone of the same Arc).
use std::ops::Deref;
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard, OwnedRwLockReadGuard, RwLock};

#[derive(Default)]
pub struct Identity {
    keys: Vec<u8>,
}

impl Identity {
    async fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
    async fn sign(&self, data: &mut Vec<u8>) {
        data.extend_from_slice(&self.keys);
    }
}

pub struct Account {
    device_keys: Vec<u8>,
}

impl Account {
    async fn bootstrap_cross_signing(&self) -> Identity {
        Identity { keys: self.device_keys.clone() }
    }
}

pub struct StoreCache {
    account: Mutex<Option<Account>>,
}

impl StoreCache {
    async fn account(&self) -> Result<impl Deref<Target = Account> + '_, String> {
        let guard = self.account.lock().await;
        if guard.is_some() {
            Ok(MutexGuard::map(guard, |a| a.as_mut().unwrap()))
        } else {
            Err("no account".into())
        }
    }
}

pub struct CacheGuard {
    cache: OwnedRwLockReadGuard<StoreCache>,
}

impl CacheGuard {
    pub async fn account(&self) -> Result<impl Deref<Target = Account> + '_, String> {
        self.cache.account().await
    }
}

pub struct StoreInner {
    identity: Arc<Mutex<Identity>>,
    cache: Arc<RwLock<StoreCache>>,
}

#[derive(Clone)]
pub struct Store {
    inner: Arc<StoreInner>,
}

impl Store {
    pub fn private_identity(&self) -> Arc<Mutex<Identity>> {
        self.inner.identity.clone()
    }

    pub async fn cache(&self) -> Result<CacheGuard, String> {
        Ok(CacheGuard { cache: self.inner.cache.clone().read_owned().await })
    }
}

pub struct MachineInner {
    user_identity: Arc<Mutex<Identity>>,
    store: Store,
}

pub struct Machine {
    inner: Arc<MachineInner>,
}

impl Machine {
    pub fn new(store: Store) -> Self {
        let user_identity = store.private_identity();
        Machine { inner: Arc::new(MachineInner { user_identity, store }) }
    }

    fn store(&self) -> &Store {
        &self.inner.store
    }

    pub async fn bootstrap_cross_signing(&self, reset: bool) -> Result<(), String> {
        let mut identity = self.inner.user_identity.lock().await;
        if reset || identity.is_empty().await {
            let new_identity = {
                let cache = self.inner.store.cache().await?;
                let account = cache.account().await?;
                account.bootstrap_cross_signing().await
            };
            *identity = new_identity;
        }
        Ok(())
    }

    async fn keys_for_upload(&self, account: &Account) -> Vec<u8> {
        let mut keys = account.device_keys.clone();
        let private_identity = self.store().private_identity();
        let guard = private_identity.lock().await;
        guard.sign(&mut keys).await;
        keys
    }

    pub async fn outgoing_requests(&self) -> Result<Vec<Vec<u8>>, String> {
        let mut requests = Vec::new();
        {
            let cache = self.inner.store.cache().await?;
            let account = cache.account().await?;
            requests.push(self.keys_for_upload(&account).await);
        }
        Ok(requests)
    }
}
