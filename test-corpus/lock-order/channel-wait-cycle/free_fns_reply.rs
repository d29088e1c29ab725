// Free functions with the channels passed as arguments (the messages are plain strings, so
// the channels are followed from where `start` creates them). The reader task answers
// requests and forwards events into a bounded queue; the worker, handling an event, asks the
// reader for data and awaits the reply. With the event queue full, the reader waits for the
// worker and the worker waits for the reader's reply.
use tokio::sync::{mpsc, oneshot};

pub async fn reader(
    mut frames: mpsc::Receiver<(u64, String)>,
    mut requests: mpsc::UnboundedReceiver<oneshot::Sender<String>>,
    events: mpsc::Sender<String>,
) {
    let mut waiting = Vec::new();
    while let Some((kind, body)) = frames.recv().await {
        while let Ok(reply) = requests.try_recv() {
            waiting.push(reply);
        }
        if kind == 0 {
            if let Some(reply) = waiting.pop() {
                let _ = reply.send(body);
            }
        } else {
            let _ = events.send(body).await; //~ channel-wait-cycle
        }
    }
}

async fn fetch(requests: &mpsc::UnboundedSender<oneshot::Sender<String>>) -> Option<String> {
    let (tx, rx) = oneshot::channel();
    requests.send(tx).ok()?;
    rx.await.ok()
}

pub async fn worker(
    mut events: mpsc::Receiver<String>,
    requests: mpsc::UnboundedSender<oneshot::Sender<String>>,
) {
    while let Some(ev) = events.recv().await {
        if ev.starts_with("refresh") {
            let _ = fetch(&requests).await;
        }
    }
}

pub fn start(frames: mpsc::Receiver<(u64, String)>) {
    let (req_tx, req_rx) = mpsc::unbounded_channel();
    let (ev_tx, ev_rx) = mpsc::channel(32);
    tokio::spawn(reader(frames, req_rx, ev_tx));
    tokio::spawn(worker(ev_rx, req_tx));
}
