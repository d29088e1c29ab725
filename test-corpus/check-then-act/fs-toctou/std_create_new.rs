// Check then create with `fs::write` / an `OpenOptions` chain: the create itself fails when the
// file appeared in between (std only: the fix harness compiles the fixed file).

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

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

pub fn open_log() -> io::Result<File> {
    let dir = std::env::var("XDG_RUNTIME_DIR").unwrap_or_default();
    let path = Path::new(&dir).join("app.log");
    if !path.exists() { //~ fs-toctou
        return OpenOptions::new().append(true).create(true).open(&path);
    }
    File::open(&path)
}

pub fn write_marker(dir: &Path, file: &str) -> io::Result<()> {
    let p = std::env::temp_dir().join(dir).join(file);
    if !p.exists() { //~ fs-toctou
        fs::write(&p, "done")?;
    }
    Ok(())
}

// The removal's error is converted after the call: the `NotFound` test is on the call's own
// `io::Result`, the conversion stays on the other outcomes.
pub fn clear_stale(name: &str) -> Result<(), String> {
    let p = std::env::temp_dir().join(name);
    if p.exists() { //~ fs-toctou
        fs::remove_file(&p)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
