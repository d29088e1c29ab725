// The act as the `if` block's tail, without its `;` (the `()` it yields is the block's
// value): the rewrite is the same `match` that treats `NotFound` (`AlreadyExists` for a
// directory) as success.
use std::fs;
use std::io;

pub fn clear_socket() -> io::Result<()> {
    let path = std::env::temp_dir().join("myapp.sock");
    if path.exists() { //~ fs-toctou
        fs::remove_file(&path)?
    }
    Ok(())
}

pub fn ensure_cache() -> io::Result<()> {
    let dir = std::env::temp_dir().join("myapp-cache");
    if !dir.is_dir() { //~ fs-toctou
        fs::create_dir(&dir)?
    }
    Ok(())
}

pub fn clear_all(paths: &[std::path::PathBuf]) -> io::Result<usize> {
    let mut n = 0;
    for p in paths {
        let p = std::env::temp_dir().join(p);
        if p.exists() { //~ fs-toctou
            fs::remove_file(&p)?
        }
        n += 1;
    }
    Ok(n)
}
