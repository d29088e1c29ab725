// Probe (written from scratch) for a missed bug in chroma-core/chroma.
// Fix commit: 44521697a "[BUG] Fix race between hnsw load and hnsw purge (#4345)" (parent 699b843f).
//
// What goes wrong: `HnswIndexProvider::new` spawns a purger task that receives every index the
// cache evicts and runs `remove_dir_all(<tmp>/<index id>)`. `open(id)` (a query or a compaction
// loading the same index id again) creates that directory, downloads the index files into it
// and loads them. If the cache evicts an entry of the same id while `open` is downloading, the
// purger deletes the files `open` is writing or about to load: the load fails, or loads a
// partial index. The fix removes the purger task and purges at known points instead.
//
// racelint should report the removal of a per-id directory by a spawned task while request
// handlers create and fill the same directory (fs-toctou family: a path populated in steps by
// one actor and removed by another, with no claim between them). It is silent. The
// single-function `exists()` + write form (on a temp-directory path) is reported
// (`contrast_exists_then_write`, reported: fs-toctou). Missing facts: (a) the paths of
// `create_dir_all(p)` / `write(p.join(..))` in one actor and `remove_dir_all(p)` in a spawned task
// are the same location when both derive from one base path and the same id; (b) the purger
// loop is a second actor for every caller of `open`.
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::mpsc;

pub struct Provider { storage_path: PathBuf, evicted_tx: mpsc::UnboundedSender<u64> }

impl Provider {
    pub fn new(storage_path: PathBuf) -> Arc<Self> {
        let (tx, mut rx) = mpsc::unbounded_channel::<u64>();
        let path = storage_path.clone();
        tokio::spawn(async move {
            while let Some(id) = rx.recv().await {
                let _ = Self::purge_one_id(&path, id).await;
            }
        });
        Arc::new(Provider { storage_path, evicted_tx: tx })
    }

    pub async fn purge_one_id(path: &Path, id: u64) -> std::io::Result<()> {
        tokio::fs::remove_dir_all(path.join(id.to_string())).await
    }

    pub async fn open(&self, id: u64) -> std::io::Result<Vec<u8>> {
        let dir = self.storage_path.join(id.to_string());
        tokio::fs::create_dir_all(&dir).await?;
        for file in ["header.bin", "data_level0.bin", "length.bin", "link_lists.bin"] {
            let bytes = download(id, file).await;
            tokio::fs::write(dir.join(file), bytes).await?;
        }
        tokio::fs::read(dir.join("header.bin")).await
    }

    pub fn evict(&self, id: u64) {
        let _ = self.evicted_tx.send(id);
    }

    // Contrast: reported (fs-toctou).
    pub async fn contrast_exists_then_write(&self, id: u64) -> std::io::Result<()> {
        let file = std::env::temp_dir().join(id.to_string());
        if !file.exists() {
            tokio::fs::write(&file, download(id, "header.bin").await).await?;
        }
        Ok(())
    }
}

async fn download(_id: u64, _file: &str) -> Vec<u8> { vec![0u8; 16] }

// Queries open indexes concurrently; the cache evicts others at any time.
pub async fn serve(p: Arc<Provider>) {
    for id in 0..4u64 {
        let q = p.clone();
        tokio::spawn(async move {
            let _ = q.open(id).await;
            let _ = q.contrast_exists_then_write(id).await;
        });
        p.evict(id);
    }
}
