// Both sides send inside a `select!` that keeps receiving (or under a timeout): a full queue
// does not stop either loop from draining its own channel.
use std::time::Duration;
use tokio::sync::mpsc;

pub fn start() {
    let (a_tx, mut a_rx) = mpsc::channel::<u64>(16);
    let (b_tx, mut b_rx) = mpsc::channel::<u64>(16);
    tokio::spawn(async move {
        let mut pending = Vec::new();
        loop {
            tokio::select! {
                Some(n) = a_rx.recv() => pending.push(n),
                res = b_tx.send(pending.len() as u64), if !pending.is_empty() => {
                    if res.is_ok() {
                        pending.pop();
                    }
                }
            }
        }
    });
    tokio::spawn(async move {
        while let Some(n) = b_rx.recv().await {
            let _ = tokio::time::timeout(Duration::from_millis(50), a_tx.send(n)).await;
        }
    });
}
