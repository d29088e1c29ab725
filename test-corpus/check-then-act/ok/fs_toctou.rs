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
