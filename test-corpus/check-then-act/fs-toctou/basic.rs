// Positive cases of `fs-toctou`: a path is checked, then acted on in a separate step, where
// another process or thread can act on it too (a shared location, a cache, a pid file, spawned
// code, code that stages and renames, the work-then-mark idiom).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

// Check then create, in the temporary directory every instance shares.
pub fn write_lock_file() -> io::Result<()> {
    let path = std::env::temp_dir().join("myapp.lock");
    if !path.exists() { //~ fs-toctou
        let mut f = File::create(&path)?;
        f.write_all(b"locked")?;
    }
    Ok(())
}

// The guard form, in spawned threads: bail out if it exists, then write.
pub fn save_new_in_workers(paths: Vec<PathBuf>, data: Vec<u8>) {
    for path in paths {
        let data = data.clone();
        std::thread::spawn(move || {
            if path.exists() { //~ fs-toctou
                return Err(format!("{} already exists", path.display()));
            }
            fs::write(&path, &data).map_err(|e| e.to_string())
        });
    }
}

// is_dir then create_dir on a cache directory: fails with AlreadyExists when two processes race.
pub fn ensure_cache_dir(cache_dir: &PathBuf) -> io::Result<()> {
    if !cache_dir.is_dir() { //~ fs-toctou
        fs::create_dir(cache_dir)?;
    }
    Ok(())
}

// metadata check then remove of a pid file: NotFound when another instance removed it.
pub fn clear_stale(pid_file: &Path) -> io::Result<()> {
    if fs::metadata(pid_file).is_ok() { //~ fs-toctou
        fs::remove_file(pid_file)?;
    }
    Ok(())
}

// An OpenOptions chain with `create(true)` (not `create_new`), under `$XDG_RUNTIME_DIR`.
pub fn open_log() -> io::Result<File> {
    let dir = std::env::var("XDG_RUNTIME_DIR").unwrap_or_default();
    let path = Path::new(&dir).join("app.log");
    let exists = path.exists(); //~ fs-toctou
    if !exists {
        return OpenOptions::new().write(true).create(true).open(&path);
    }
    File::open(&path)
}

pub struct Store {
    cache_root: PathBuf,
    root: PathBuf,
}

impl Store {
    // tokio::fs: try_exists then create, in a cache.
    pub async fn put(&self, name: &str, data: &[u8]) -> io::Result<()> {
        let path = self.cache_root.join(name);
        if !tokio::fs::try_exists(&path).await? { //~ fs-toctou
            tokio::fs::write(&path, data).await?;
        }
        Ok(())
    }

    // Staged in a temporary file and renamed into place, which is how concurrent writers are
    // kept apart, but the check before the rename undoes it: a file created in between is
    // replaced.
    pub fn publish(&self, name: &str, data: &[u8]) -> io::Result<()> {
        let dest = self.root.join(name);
        let mut tmp = tempfile::NamedTempFile::new_in(&self.root)?;
        tmp.write_all(data)?;
        if !dest.exists() { //~ fs-toctou
            fs::rename(tmp.path(), &dest)?;
        }
        Ok(())
    }

    // Work, then mark it done: two runs that start together both fill the directory.
    pub async fn fill_once(&self) -> io::Result<()> {
        let marker = self.root.join(".done");
        if tokio::fs::metadata(&marker).await.is_ok() { //~ fs-toctou
            return Ok(());
        }
        self.fill().await?;
        tokio::fs::File::create(&marker).await?;
        Ok(())
    }

    async fn fill(&self) -> io::Result<()> {
        Ok(())
    }
}

// A service shared between threads (`Arc<Uploads>`): two requests run `accept` at once.
pub struct Uploads {
    root: PathBuf,
}

impl Uploads {
    pub fn accept(&self, name: &str, body: &[u8]) -> io::Result<()> {
        let dest = self.root.join(name);
        if dest.exists() { //~ fs-toctou
            return Err(io::Error::other("taken"));
        }
        fs::write(&dest, body)
    }
}

pub fn serve(uploads: std::sync::Arc<Uploads>) {
    for _ in 0..4 {
        let u = uploads.clone();
        std::thread::spawn(move || u.accept("a", b"x"));
    }
}
