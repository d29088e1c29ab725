// The insert's "already exists" failure is expected and answered: the lost race is handled
// (a cache fill whose loser reads the winner's copy, a duplicate registration answered as such).

pub enum StoreError {
    CrateExists(String, String),
    Io(std::io::Error),
}

#[async_trait::async_trait]
pub trait CrateStore: Send + Sync {
    async fn get(&self, name: &str, version: &str) -> Option<Vec<u8>>;
    async fn put(&self, name: &str, version: &str, data: Vec<u8>) -> Result<(), StoreError>;
}

pub async fn fetch(store: &dyn CrateStore, name: &str, version: &str) -> Option<Vec<u8>> {
    if let Some(file) = store.get(name, version).await {
        return Some(file);
    }
    let data = download(name, version).await;
    match store.put(name, version, data.clone()).await {
        Ok(()) => Some(data),
        // another request filled the cache first: use its copy
        Err(StoreError::CrateExists(_, _)) => store.get(name, version).await,
        Err(StoreError::Io(_)) => None,
    }
}

pub async fn add(store: &dyn CrateStore, name: &str, version: &str) -> Result<(), String> {
    if store.get(name, version).await.is_none() {
        if let Err(StoreError::CrateExists(..)) = store.put(name, version, Vec::new()).await {
            return Err("already published".to_string());
        }
    }
    Ok(())
}

async fn download(_name: &str, _version: &str) -> Vec<u8> {
    Vec::new()
}
