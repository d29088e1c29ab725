// A producer that sends its whole batch, and only then (in another loop, after closing its
// sender) collects the results; the results channel is unbounded. The bounded send waits in
// a loop that receives nothing, so no cycle runs through it.
use tokio::sync::mpsc;

pub struct Item(u64);

pub async fn produce(jobs: mpsc::Sender<Item>, mut results: mpsc::UnboundedReceiver<Item>) {
    for i in 0..100 {
        let _ = jobs.send(Item(i)).await;
    }
    drop(jobs);
    while let Some(Item(_r)) = results.recv().await {}
}

pub async fn consume(mut jobs: mpsc::Receiver<Item>, results: mpsc::UnboundedSender<Item>) {
    while let Some(Item(n)) = jobs.recv().await {
        let _ = results.send(Item(n * 2));
    }
}
