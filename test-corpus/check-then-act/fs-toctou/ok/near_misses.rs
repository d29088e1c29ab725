// Near misses of `fs-toctou`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind};
use std::path::Path;

// create_new(true): atomic.
pub fn create_new(path: &Path) -> io::Result<()> {
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

// create_dir_all succeeds when the directory exists: the check is redundant, not racy.
pub fn ensure_dir(dir: &Path) -> io::Result<()> {
    if !dir.exists() {
        fs::create_dir_all(dir)?;
    }
    Ok(())
}

// create_dir and match on the error.
pub fn make_dir(dir: &Path) -> io::Result<()> {
    match fs::create_dir(dir) {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

// Checked one path, acted on another.
pub fn other_path(a: &Path, b: &Path) -> io::Result<()> {
    if !a.exists() {
        File::create(b)?;
    }
    Ok(())
}

// The only act is returning an error.
pub fn must_exist(p: &Path) -> io::Result<()> {
    if !p.exists() {
        return Err(io::Error::new(ErrorKind::NotFound, "missing"));
    }
    Ok(())
}

// Only logging.
pub fn warn_missing(p: &Path) {
    if !p.is_file() {
        eprintln!("{} is missing", p.display());
    }
}

// Remove and ignore NotFound.
pub fn remove(p: &Path) -> io::Result<()> {
    match fs::remove_file(p) {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

// Reading after a check is not reported: the race makes the read fail with `NotFound`
// instead of taking the else-branch, which the `?` already handles.
pub fn read_config(p: &Path) -> io::Result<String> {
    if p.is_file() {
        return fs::read_to_string(p);
    }
    Ok(String::new())
}

// The error the race causes is handled.
pub fn rename_handled(tmp: &Path, dest: &Path) -> io::Result<()> {
    if dest.is_dir() {
        return Ok(());
    }
    if let Err(e) = fs::rename(tmp, dest) {
        if !dest.exists() {
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
        let p = Path::new("target/fixture.txt");
        if !p.exists() {
            File::create(p).unwrap();
        }
    }
}

// The error the race causes is thrown away on purpose: a concurrent removal or creation is
// what the code tolerates.
pub fn cleanup_let_underscore(p: &Path) {
    if p.exists() {
        let _ = fs::remove_file(p);
    }
}

pub fn cleanup_ok(p: &Path) {
    if p.exists() {
        fs::remove_dir_all(p).ok();
    }
}

pub fn cleanup_assign_underscore(p: &Path) {
    if p.is_file() {
        _ = std::fs::remove_file(p);
    }
}

pub fn make_dir_discarded(p: &Path) {
    if !p.exists() {
        let _ = fs::create_dir(p);
    }
}

pub async fn cleanup_async(p: &Path) {
    if tokio::fs::try_exists(p).await.unwrap_or(false) {
        let _ = tokio::fs::remove_file(p).await;
    }
}
