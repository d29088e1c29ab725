// miss-11 (influxdb 4e2cb630b3, catalog UUID race between nodes)
// Expected: store-check-then-insert (or fs-toctou analogue for object stores) at line 21:
// the object store is queried for the catalog (`get`, NotFound) and a new one is written with
// an unconditional `put` (overwrite); two nodes starting together both create a catalog with
// different UUIDs and the first writer's is silently replaced.
// Gaps: `object_store::ObjectStore` get/put (and `PutMode::Overwrite` vs `Create`) are not a
// recognised store; the check and the write are split across helper methods of the same type.
use object_store::{path::Path, ObjectStore};
use std::sync::Arc;

pub struct CatalogStore { store: Arc<dyn ObjectStore>, path: Path }

impl CatalogStore {
    async fn load(&self) -> Option<Vec<u8>> {
        match self.store.get(&self.path).await {
            Ok(r) => Some(r.bytes().await.ok()?.to_vec()),
            Err(_) => None,
        }
    }
    async fn persist(&self, bytes: Vec<u8>) {
        self.store.put(&self.path, bytes.into()).await.unwrap(); // line 21
    }
    pub async fn load_or_create(&self, fresh_uuid: u128) -> Vec<u8> {
        if let Some(c) = self.load().await { return c; }
        let new = fresh_uuid.to_le_bytes().to_vec();
        self.persist(new.clone()).await;
        new
    }
}
