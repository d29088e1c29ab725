// FP reproduction (written from scratch) for chroma-core/chroma at 93652ec0,
// rust/benchmark/src/datasets/util.rs:40 (fs-toctou).
//
// `get_or_populate_cached_dataset_file` returns the cached dataset file if it exists; otherwise
// it writes the dataset into a fresh temporary file and renames it onto the cache path. Two
// benchmark processes that populate the same dataset at once both rename a complete file with
// the same content over the path; `rename` replaces the target atomically, so no reader ever
// sees a partial file and nothing that another process wrote is lost (it is the same bytes).
//
// racelint reports fs-toctou ("a file created there in between is silently replaced").
// Missing fact: `rename(tmp, path)` of a temp file that this call wrote completely is an atomic
// publish; when every writer of `path` publishes the same derived content (a cache keyed by the
// file name), the replace is idempotent. (The code's own comment says the temp file is there
// to avoid partial files.)
use std::path::PathBuf;

async fn get_dataset_cache_path(name: &str) -> std::io::Result<PathBuf> {
    let dir = dirs::cache_dir().expect("no cache dir").join("chroma-test-datasets").join(name);
    tokio::fs::create_dir_all(&dir).await?;
    Ok(dir)
}

pub async fn get_or_populate_cached_dataset_file(dataset: &str, name: &str) -> std::io::Result<PathBuf> {
    let dataset_dir = get_dataset_cache_path(dataset).await?;
    let file_path = dataset_dir.join(name);
    if !file_path.exists() {
        // A fresh temp file (async_tempfile::TempFile in chroma), written completely first.
        let temp = async_tempfile::TempFile::new().await.map_err(|_| std::io::ErrorKind::Other)?;
        let bytes = download(name).await;
        tokio::fs::write(temp.file_path(), bytes).await?;
        tokio::fs::rename(temp.file_path(), &file_path).await?;
    }
    Ok(file_path)
}

async fn download(_name: &str) -> Vec<u8> { vec![1, 2, 3] }

pub async fn bench() {
    let a = tokio::spawn(get_or_populate_cached_dataset_file("ms_marco", "data.parquet"));
    let b = tokio::spawn(get_or_populate_cached_dataset_file("ms_marco", "data.parquet"));
    let _ = (a.await, b.await);
}
