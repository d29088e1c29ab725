// Probe (written from scratch) for a missed bug in moghtech/komodo.
// Fix commit: 6aa801b70 "lock sync dir access" (parent 078ba590).
//
// What goes wrong: refreshing a resource sync clones its git repository into a fixed
// directory (`<sync_directory>/<sync name>`), reads the resource files from it and removes the
// directory. Two refreshes of the same sync (the periodic refresh, a webhook, a user's
// "refresh" in the UI) run as concurrent tasks on the same path: one removes the directory
// while the other is cloning into it or reading from it, so the other fails or reads a
// half-written checkout (and reports the wrong commit). The fix takes a per-sync
// `Arc<tokio::Mutex<()>>` from a keyed cache around clone-read-remove.
//
// What racelint would need: a filesystem path built from a request's key (not a fresh temp
// dir) that an async handler creates/writes, reads and removes in separate steps without a
// lock; two invocations with the same key (the handler is reachable from several
// entry points: a spawned interval loop and an HTTP route) interleave on the same path.
// Expected: a finding at `remove_dir_all` (line 35) against the clone (line 33) / read
// (line 34) of a concurrent call.
use std::path::{Path, PathBuf};
use std::time::Duration;

async fn git_clone(url: &str, into: &Path) -> std::io::Result<()> {
    tokio::fs::create_dir_all(into).await?;
    tokio::fs::write(into.join("resources.toml"), url).await
}

pub struct Sync {
    pub name: String,
    pub url: String,
}

pub async fn refresh(root: &Path, sync: &Sync) -> std::io::Result<String> {
    let dir: PathBuf = root.join(&sync.name);
    git_clone(&sync.url, &dir).await?;
    let res = tokio::fs::read_to_string(dir.join("resources.toml")).await;
    if let Err(e) = tokio::fs::remove_dir_all(&dir).await {
        eprintln!("failed to remove sync dir: {e}");
    }
    res
}

pub async fn periodic(root: PathBuf, sync: std::sync::Arc<Sync>) {
    loop {
        let _ = refresh(&root, &sync).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
}

pub async fn on_webhook(root: PathBuf, sync: std::sync::Arc<Sync>) {
    tokio::spawn(periodic(root.clone(), sync.clone()));
    let _ = refresh(&root, &sync).await;
}
