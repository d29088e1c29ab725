// `try_exists()` answers inside a `Result`: `if let Ok(true) = p.try_exists() { return }` is
// the same existence check as `if p.exists() { return }`, and `if let Ok(false) = ..` its
// negation. Another instance sharing the temporary directory can create or remove the file
// between the check and the act.

use std::fs::{self, File};
use std::io;

pub fn default_database() -> String {
    let db_path = std::env::temp_dir().join("app.db");
    if let Ok(true) = db_path.try_exists() { //~ fs-toctou
        return format!("sqlite://{}", db_path.display());
    }
    if let Ok(probe) = File::create(&db_path) {
        drop(probe);
        fs::remove_file(&db_path).expect("removing temp file");
        return format!("sqlite://{}?mode=rwc", db_path.display());
    }
    "sqlite://:memory:".to_owned()
}

pub fn write_marker_once() -> io::Result<()> {
    let marker = std::env::temp_dir().join("myapp.marker");
    if let Ok(false) = fs::exists(&marker) { //~ fs-toctou
        fs::write(&marker, b"seen")?;
    }
    Ok(())
}

pub async fn init_cache_file() -> io::Result<()> {
    let path = std::env::temp_dir().join("myapp.cache");
    if let Ok(true) = tokio::fs::try_exists(&path).await { //~ fs-toctou
        return Ok(());
    }
    tokio::fs::write(&path, b"{}").await
}
