// Miss found while reading, rumqtt HEAD 2167da05: rumqttd/src/server/broker.rs:538-551 and
// :601-614 (`remote`, the per-connection task).
// Written from scratch. A connection task registers its "will" channel in a shared map under
// the client id (taking over any older entry). After its link ends it waits up to the will
// delay; on timeout it removes the map entry by client id and publishes the will. If the same
// client reconnects just as the old task's delay runs out, the new task has already replaced
// the entry with its own sender, and the old task's `remove(&client_id)` deletes the NEW
// connection's sender. The old task also publishes the will of a client that is back online.
// When the new connection later drops, its receiver reports "disconnected" at once and its
// own will is never published. The removal should only remove the entry if it still holds
// the task's own sender. racelint reports nothing: the insert and the later remove are under
// separate guards of one std Mutex, with an await (the timeout) between them, and the
// removal is keyed only by the client id.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

type Wills = Arc<Mutex<HashMap<String, mpsc::Sender<bool>>>>;

pub async fn connection(client_id: String, wills: Wills, delay: Duration) {
    if let Some(previous) = wills.lock().unwrap().remove(&client_id) {
        let _ = previous.try_send(false); // cancel the old connection's will
    }
    let (tx, mut rx) = mpsc::channel(1);
    wills.lock().unwrap().insert(client_id.clone(), tx);

    serve().await; // the link runs until the network drops

    let publish = match tokio::time::timeout(delay, rx.recv()).await {
        Ok(msg) => msg.unwrap_or(false),
        Err(_) => {
            wills.lock().unwrap().remove(&client_id); // may remove a newer connection's sender
            true
        }
    };
    if publish {
        publish_will(&client_id).await;
    }
}

async fn serve() {}
async fn publish_will(_client: &str) {}

pub fn accept(wills: Wills) {
    for _ in 0..2 {
        let w = wills.clone();
        tokio::spawn(connection("sensor-1".into(), w, Duration::from_secs(5)));
    }
}
