// The reply direction is unbounded: the worker's send never waits, so the worker always gets
// back to its receive loop and the dispatcher's bounded send completes.
use tokio::sync::mpsc;

pub fn start() {
    let (a_tx, mut a_rx) = mpsc::channel::<u64>(16);
    let (b_tx, mut b_rx) = mpsc::unbounded_channel::<u64>();
    tokio::spawn(async move {
        while let Some(n) = b_rx.recv().await {
            a_tx.send(n).await.unwrap();
        }
    });
    tokio::spawn(async move {
        while let Some(n) = a_rx.recv().await {
            b_tx.send(n + 1).unwrap();
        }
    });
}
