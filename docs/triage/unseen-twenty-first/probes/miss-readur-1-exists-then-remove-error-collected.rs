// Miss, readur 74c9c87 (parent ecf5a0ea), src/file_service.rs `delete_document_files`.
// Written from scratch. Two delete requests for the same record run at once (two HTTP
// handlers, or a handler and a cleanup job). Each checks `path.exists()` and then removes the
// file; the loser's `remove_file` fails with NotFound, the error is collected into a Vec and
// turned into an `Err("partial deletion failure")` for a deletion that actually succeeded.
// racelint reports the plain shape (`drop_plain`, the contrast: exists -> remove_file()?), but
// not when the result of `remove_file` is matched and the Err arm collects the error instead
// of returning it with `?`.
use std::path::Path;

pub struct Files;

impl Files {
    pub async fn drop_all(&self, paths: &[&Path]) -> Result<(), String> {
        let mut errors = Vec::new();
        for p in paths {
            if p.exists() {
                match tokio::fs::remove_file(p).await {
                    Ok(()) => println!("removed {}", p.display()),
                    Err(e) => errors.push(format!("remove {}: {e}", p.display())),
                }
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors.join("; ")) }
    }

    // Contrast: reported (fs-toctou).
    pub async fn drop_plain(&self, p: &Path) -> std::io::Result<()> {
        if p.exists() {
            tokio::fs::remove_file(p).await?;
        }
        Ok(())
    }
}

pub async fn serve(files: std::sync::Arc<Files>, p: &'static Path) {
    let a = { let f = files.clone(); tokio::spawn(async move { f.drop_all(&[p]).await }) };
    let b = { let f = files.clone(); tokio::spawn(async move { f.drop_all(&[p]).await }) };
    let _ = (a.await, b.await);
}
