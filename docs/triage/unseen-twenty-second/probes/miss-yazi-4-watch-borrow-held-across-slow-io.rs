// Miss, yazi 884c265d (parent 05aeae3b): "avoid blocking on read-half of the watch channel".
// Written from scratch. The UI thread publishes the set of directories to watch with
// `tokio::sync::watch::Sender::send`. The watcher task takes `rx.borrow_and_update()`, a `Ref`
// that holds the channel's internal read lock, and keeps it while it `stat`s every directory
// (blocking I/O; seconds on a slow or sleeping device). `send` needs the write lock, so the
// UI thread blocks until every stat has finished: the file manager freezes whenever it
// changes directory. The fix copies the value out and lets the channel go. racelint does not
// treat a `watch::Ref` as a lock guard, and it has no rule for blocking I/O done while a
// guard that another thread needs is held. A std `RwLock` read guard held across an `.await`
// is reported (`diff_async`, contrast: guard-across-await).
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::RwLock;
use tokio::sync::watch;

// UI thread: every directory change.
pub fn publish(tx: &watch::Sender<HashSet<PathBuf>>, dirs: HashSet<PathBuf>) {
    tx.send(dirs).ok();
}

fn slow_flag(p: &PathBuf) -> bool {
    p.metadata().map(|m| m.len() > 0).unwrap_or(true)
}

// Watcher task.
pub async fn watcher(mut rx: watch::Receiver<HashSet<PathBuf>>) {
    loop {
        let plan: Vec<(PathBuf, bool)> = tokio::task::spawn_blocking(move || {
            let plan = {
                let dirs = rx.borrow_and_update();
                dirs.iter().map(|p| (p.clone(), slow_flag(p))).collect()
            };
            (rx, plan)
        })
        .await
        .map(|(r, plan)| {
            rx = r;
            plan
        })
        .unwrap_or_default();
        let _ = plan;
        if rx.changed().await.is_err() {
            break;
        }
    }
}

async fn stat_async(p: &PathBuf) -> bool {
    tokio::fs::metadata(p).await.is_ok()
}

// Contrast: reported (guard-across-await).
pub async fn diff_async(dirs: &RwLock<HashSet<PathBuf>>) -> usize {
    let guard = dirs.read().unwrap();
    let mut n = 0;
    for p in guard.iter() {
        if stat_async(p).await {
            n += 1;
        }
    }
    n
}
