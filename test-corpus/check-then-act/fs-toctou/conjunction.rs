// The check is one side of the condition's `&&`: the removal (or the directory creation) is
// made without it, tolerating the error the race causes, under the rest of the condition,
// which is kept as written.
use std::fs;
use std::io;

// in the temporary directory every instance shares
pub fn reset_log(name: &str, fresh: bool, read_only: bool) -> io::Result<()> {
    let path = std::env::temp_dir().join(name);
    if fresh && !read_only && path.is_file() { //~ fs-toctou
        fs::remove_file(&path)?;
    }
    Ok(())
}

// the check on the left, the other condition on the right
pub fn ensure_spool(enabled: bool) -> io::Result<()> {
    let dir = std::env::temp_dir().join("spool");
    if !dir.exists() && enabled { //~ fs-toctou
        fs::create_dir(&dir)?;
    }
    Ok(())
}
