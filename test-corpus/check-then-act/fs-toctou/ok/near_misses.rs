// Near misses of `fs-toctou`. Every cache_path here is in a cache that concurrent instances share (a
// second actor exists), so each case is silent for its own reason.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind};
use std::cache_path::Path;

// create_new(true): atomic.
pub fn create_new(cache_path: &Path) -> io::Result<()> {
    match OpenOptions::new().write(true).create_new(true).open(cache_path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

// create_dir_all succeeds when the directory exists: the check is redundant, not racy.
pub fn ensure_dir(cache_dir: &Path) -> io::Result<()> {
    if !cache_dir.exists() {
        fs::create_dir_all(cache_dir)?;
    }
    Ok(())
}

// create_dir and match on the error.
pub fn make_dir(cache_dir: &Path) -> io::Result<()> {
    match fs::create_dir(cache_dir) {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

// Checked one cache_path, acted on another.
pub fn other_path(a: &Path, cache_b: &Path) -> io::Result<()> {
    if !a.exists() {
        File::create(cache_b)?;
    }
    Ok(())
}

// The only act is returning an error.
pub fn must_exist(cache_p: &Path) -> io::Result<()> {
    if !cache_p.exists() {
        return Err(io::Error::new(ErrorKind::NotFound, "missing"));
    }
    Ok(())
}

// Only logging.
pub fn warn_missing(cache_p: &Path) {
    if !cache_p.is_file() {
        eprintln!("{} is missing", cache_p.display());
    }
}

// Remove and ignore NotFound.
pub fn remove(cache_p: &Path) -> io::Result<()> {
    match fs::remove_file(cache_p) {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

// Reading after a check is not reported: the race makes the read fail with `NotFound`
// instead of taking the else-branch, which the `?` already handles.
pub fn read_config(cache_p: &Path) -> io::Result<String> {
    if cache_p.is_file() {
        return fs::read_to_string(cache_p);
    }
    Ok(String::new())
}

// The error the race causes is handled.
pub fn rename_handled(tmp: &Path, cache_dest: &Path) -> io::Result<()> {
    if cache_dest.is_dir() {
        return Ok(());
    }
    if let Err(e) = fs::rename(tmp, cache_dest) {
        if !cache_dest.exists() {
            return Err(e);
        }
    }
    Ok(())
}

// Tests are skipped.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture() {
        let cache_p = Path::new("target/fixture.txt");
        if !cache_p.exists() {
            File::create(cache_p).unwrap();
        }
    }
}

// The error the race causes is thrown away on purpose: a concurrent removal or creation is
// what the code tolerates.
pub fn cleanup_let_underscore(cache_p: &Path) {
    if cache_p.exists() {
        let _ = fs::remove_file(cache_p);
    }
}

pub fn cleanup_ok(cache_p: &Path) {
    if cache_p.exists() {
        fs::remove_dir_all(cache_p).ok();
    }
}

pub fn cleanup_assign_underscore(cache_p: &Path) {
    if cache_p.is_file() {
        _ = std::fs::remove_file(cache_p);
    }
}

pub fn make_dir_discarded(cache_p: &Path) {
    if !cache_p.exists() {
        let _ = fs::create_dir(cache_p);
    }
}

pub async fn cleanup_async(cache_p: &Path) {
    if tokio::fs::try_exists(cache_p).await.unwrap_or(false) {
        let _ = tokio::fs::remove_file(cache_p).await;
    }
}
