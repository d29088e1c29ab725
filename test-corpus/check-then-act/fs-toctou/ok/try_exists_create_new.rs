// `if let Ok(true) = p.try_exists()` before an act that itself fails when the file exists
// (`create_new`): the act decides, the check is only a fast path.

use std::fs::OpenOptions;
use std::io::{self, Write};

pub fn write_lock_file() -> io::Result<bool> {
    let path = std::env::temp_dir().join("myapp.lock");
    if let Ok(true) = path.try_exists() {
        return Ok(false);
    }
    let mut f = OpenOptions::new().write(true).create_new(true).open(&path)?;
    f.write_all(b"locked")?;
    Ok(true)
}
