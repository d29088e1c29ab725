// FP (fs-toctou): the per-crate folder in a local index cache is removed only by
// `delete_crate`, which one sequential loop calls (one index change at a time).
// The cache's own eviction tasks delete single files inside the folder, never the
// folder itself, so nothing can remove `folder` between `exists()` and `remove_dir_all`.
use std::path::PathBuf;
use tokio::fs;

pub struct CacheConfig {
    pub path: PathBuf,
}

pub struct Storage {
    pub archive_index_cache: CacheConfig,
}

pub async fn delete_crate(storage: &Storage, name: &str) -> std::io::Result<()> {
    for prefix in ["rustdoc", "sources"] {
        let folder = storage.archive_index_cache.path.join(format!("{prefix}/{name}/"));
        if folder.exists() {
            fs::remove_dir_all(&folder).await?;
        }
    }
    Ok(())
}

pub async fn process_changes(storage: &Storage, deleted: Vec<String>) {
    for name in deleted {
        let _ = delete_crate(storage, &name).await;
    }
}
