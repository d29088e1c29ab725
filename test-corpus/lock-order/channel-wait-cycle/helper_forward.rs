// A router and a store, each handing what it receives to a helper that forwards it into the
// other's bounded queue (the helper ignores a closed queue: `_ = tx.send(..).await`). The
// waits are inside the helpers the loops await.
use tokio::sync::mpsc;

pub struct Update {
    pub key: String,
    pub version: u64,
}
pub struct Ack(pub u64);

async fn forward_update(to_store: &mpsc::Sender<Update>, key: String, version: u64) {
    _ = to_store.send(Update { key, version }).await;
}

async fn acknowledge(to_router: &mpsc::Sender<Ack>, version: u64) -> bool {
    to_router.send(Ack(version)).await.is_ok()
}

pub async fn router(mut acks: mpsc::Receiver<Ack>, to_store: mpsc::Sender<Update>) {
    let mut last = 0;
    while let Some(Ack(v)) = acks.recv().await {
        last = last.max(v);
        forward_update(&to_store, format!("k{last}"), last + 1).await; //~ channel-wait-cycle
    }
}

pub async fn store(mut updates: mpsc::Receiver<Update>, to_router: mpsc::Sender<Ack>) {
    while let Some(u) = updates.recv().await {
        if u.key.is_empty() {
            continue;
        }
        if !acknowledge(&to_router, u.version).await {
            break;
        }
    }
}

pub fn start() {
    let (ack_tx, ack_rx) = mpsc::channel(4);
    let (up_tx, up_rx) = mpsc::channel(4);
    tokio::spawn(router(ack_rx, up_tx));
    tokio::spawn(store(up_rx, ack_tx));
}
