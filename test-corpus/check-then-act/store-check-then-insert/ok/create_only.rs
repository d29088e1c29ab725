// The insert carries its own "create only" precondition: the store rejects a second inserter,
// so the check before it is only a fast path (restate's metadata `get_or_insert`, object
// stores' `PutMode::Create`-style options).
pub enum Precondition {
    None,
    DoesNotExist,
}

pub enum PutMode {
    Overwrite,
    IfNotExists,
}

pub struct Store;

impl Store {
    pub async fn get(&self, _key: &str) -> Result<Option<u64>, String> {
        Ok(None)
    }
    pub async fn put(&self, _key: &str, _v: u64, _p: Precondition) -> Result<(), String> {
        Ok(())
    }
    pub async fn insert(&self, _key: &str, _v: u64, _m: PutMode) -> Result<(), String> {
        Ok(())
    }
}

pub async fn get_or_create(store: &Store, key: &str) -> Result<u64, String> {
    if let Some(v) = store.get(key).await? {
        return Ok(v);
    }
    let precondition = Precondition::DoesNotExist;
    store.put(key, 1, precondition).await?;
    Ok(1)
}

pub async fn register(store: &Store, key: &str) -> Result<(), String> {
    if store.get(key).await?.is_none() {
        store.insert(key, 0, PutMode::IfNotExists).await?;
    }
    Ok(())
}
