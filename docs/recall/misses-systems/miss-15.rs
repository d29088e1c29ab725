// Expected: a deadlock finding at line 25 (no current rule): the loop `for path in watch_rx`
// only ends when every Sender is dropped, but the original `watch_tx` is still alive in this
// scope (only clones moved into the workers), so the iteration never terminates once the
// workers finish. Syntactic pattern: `let (tx, rx) = channel()/unbounded()`, `tx` cloned into
// spawned/parallel closures, then `for _ in rx` / `rx.recv()` loop in the same scope with no
// `drop(tx)` before it. racelint has no channel-liveness rule.
// (From rust-analyzer 2ece0fbfef "Fix deadlock" in vfs-notify: drop(watch_tx)/drop(entry_tx) added.)
use std::sync::mpsc::channel;
use std::thread;

pub fn load(paths: Vec<String>) -> Vec<String> {
    let (watch_tx, watch_rx) = channel::<String>();
    let handles: Vec<_> = paths
        .into_iter()
        .map(|p| {
            let tx = watch_tx.clone();
            thread::spawn(move || {
                tx.send(p).unwrap();
            })
        })
        .collect();
    for h in handles { h.join().unwrap(); }
    let mut out = Vec::new();
    // missing: drop(watch_tx);
    for path in watch_rx {
        out.push(path);
    }
    out
}
