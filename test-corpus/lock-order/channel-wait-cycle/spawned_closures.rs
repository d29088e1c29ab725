// Two tasks written as async blocks in one function, each forwarding what it receives into
// the other's bounded channel: a ping-pong that stops for good once both buffers are full.
use tokio::sync::mpsc;

pub fn start() {
    let (a_tx, mut a_rx) = mpsc::channel::<u64>(16);
    let (b_tx, mut b_rx) = mpsc::channel::<u64>(16);
    let a_tx2 = a_tx.clone();
    tokio::spawn(async move {
        while let Some(n) = a_rx.recv().await {
            b_tx.send(n + 1).await.unwrap(); //~ channel-wait-cycle
        }
    });
    tokio::spawn(async move {
        loop {
            let Some(n) = b_rx.recv().await else { break };
            if a_tx2.send(n * 2).await.is_err() {
                break;
            }
        }
    });
    drop(a_tx);
}
