// Positive cases of `fs-toctou`: a path is checked, then acted on in a separate step; another
// process can change it in between.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

// Check then create: a file created in between is truncated.
pub fn write_lock_file(path: &Path) -> io::Result<()> {
    if !path.exists() { //~ fs-toctou
        let mut f = File::create(path)?;
        f.write_all(b"locked")?;
    }
    Ok(())
}

// The guard form: bail out if it exists, then write.
pub fn save_new(path: &Path, data: &[u8]) -> Result<(), String> {
    if path.exists() { //~ fs-toctou
        return Err(format!("{} already exists", path.display()));
    }
    fs::write(path, data).map_err(|e| e.to_string())
}

// is_dir then create_dir: fails with AlreadyExists when two processes race.
pub fn ensure_cache_dir(dir: &PathBuf) -> io::Result<()> {
    if !dir.is_dir() { //~ fs-toctou
        fs::create_dir(dir)?;
    }
    Ok(())
}

// metadata check then remove: NotFound when someone else removed it.
pub fn clear_stale(pid_file: &Path) -> io::Result<()> {
    if fs::metadata(pid_file).is_ok() { //~ fs-toctou
        fs::remove_file(pid_file)?;
    }
    Ok(())
}

// An OpenOptions chain with `create(true)` (not `create_new`).
pub fn open_log(path: &Path) -> io::Result<File> {
    let exists = path.exists(); //~ fs-toctou
    if !exists {
        return OpenOptions::new().write(true).create(true).open(path);
    }
    File::open(path)
}

pub struct Store {
    root: PathBuf,
}

impl Store {
    // tokio::fs: try_exists then create.
    pub async fn put(&self, name: &str, data: &[u8]) -> io::Result<()> {
        let path = self.root.join(name);
        if !tokio::fs::try_exists(&path).await? { //~ fs-toctou
            tokio::fs::write(&path, data).await?;
        }
        Ok(())
    }

    // Checked not to exist, then a temporary file renamed onto it: replaces a file created in
    // between.
    pub fn publish(&self, tmp: &Path, name: &str) -> io::Result<()> {
        let dest = self.root.join(name);
        if !dest.exists() { //~ fs-toctou
            fs::rename(tmp, &dest)?;
        }
        Ok(())
    }

    // tokio::fs::File::create after a metadata check.
    pub async fn create_marker(&self) -> io::Result<()> {
        let marker = self.root.join(".marker");
        if tokio::fs::metadata(&marker).await.is_err() { //~ fs-toctou
            tokio::fs::File::create(&marker).await?;
        }
        Ok(())
    }
}
