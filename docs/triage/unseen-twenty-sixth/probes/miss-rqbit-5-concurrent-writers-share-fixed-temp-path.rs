// Probe (written from scratch) for a missed bug in ikatson/rqbit.
// Fix commit: 673f5900 "Fix concurrent write bug for session.json" (parent 68234908).
//
// What goes wrong: the JSON session store's `flush(&self)` writes the whole database to
// `<db>.tmp` (`OpenOptions::new().create(true).truncate(true).write(true)`), then renames it
// over `<db>`. `store`, `update` and `delete` each call `flush` after changing the in-memory
// map, and they run concurrently (one per torrent added, paused or removed through the HTTP
// API). Two flushes open the same temporary path: both truncate it, both write from offset 0
// through their own descriptors, and the longer content's tail survives after the shorter one,
// or one rename moves the file while the other is still writing into it. session.json ends up
// as invalid JSON or misses a torrent, and on the next start the session cannot be restored.
// The fix holds the map's write guard for the whole flush, which serialises flushes.
//
// racelint treats concurrent callers as second actors for a path when the path is checked
// first (`contrast_checked_path`, reported: fs-toctou). Missing fact: a fixed path (a constant,
// or derived only from a field, not from a unique name) that a `&self` async fn creates,
// truncates and writes, and that several tasks reach, is written by two writers at once unless
// a guard or a unique name separates them; a temp-then-rename sequence on a shared fixed temp
// name is the common case.
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::io::AsyncWriteExt;
use tokio::sync::RwLock;

pub struct JsonStore {
    db_filename: PathBuf,
    db_content: RwLock<HashMap<u64, String>>,
}

impl JsonStore {
    async fn flush(&self) -> std::io::Result<()> {
        let tmp_filename = format!("{}.tmp", self.db_filename.to_str().unwrap());
        let mut tmp = tokio::fs::OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .open(&tmp_filename)
            .await?;
        let buf = format!("{:?}", &*self.db_content.read().await);
        tmp.write_all(buf.as_bytes()).await?;
        tokio::fs::rename(&tmp_filename, &self.db_filename).await?;
        Ok(())
    }

    pub async fn store(&self, id: u64, torrent: String) -> std::io::Result<()> {
        self.db_content.write().await.insert(id, torrent);
        self.flush().await
    }

    pub async fn delete(&self, id: u64) -> std::io::Result<()> {
        self.db_content.write().await.remove(&id);
        self.flush().await
    }

    // Contrast: reported (fs-toctou).
    pub async fn contrast_checked_path(&self) -> std::io::Result<()> {
        let tmp_filename = format!("{}.tmp", self.db_filename.to_str().unwrap());
        if tokio::fs::try_exists(&tmp_filename).await? {
            tokio::fs::remove_file(&tmp_filename).await?;
        }
        Ok(())
    }
}

// The HTTP API adds and removes torrents from concurrent request tasks.
pub fn spawn_api(store: Arc<JsonStore>) {
    for id in 0..4u64 {
        let store = store.clone();
        tokio::spawn(async move {
            let _ = store.store(id, "t".into()).await;
            let _ = store.delete(id).await;
            let _ = store.contrast_checked_path().await;
        });
    }
}
