// `if let Some(v) = map.lock().get(k) { return .. }` is a presence check of `k`: the code after
// it runs only where `k` was absent. When the miss creates a channel, inserts one end under a
// second guard and keeps the other, two callers that miss together each keep the end of
// their own channel, and the second insert replaces the first caller's sender: the first
// receiver never gets a message. (A plain cache fill, which stores an interchangeable value,
// stays quiet: see ok/cache_fill_value.rs.)
use std::collections::HashMap;
use std::sync::{Arc, Mutex, mpsc};
use tokio::sync::broadcast;

type Channels = Arc<parking_lot::Mutex<HashMap<String, broadcast::Sender<String>>>>;

pub struct PubSub {
    channels: Channels,
}

impl PubSub {
    pub fn listen(&self, name: &str) -> broadcast::Receiver<String> {
        if let Some(tx) = self.channels.lock().get(name) { //~ map-check-then-insert
            return tx.subscribe();
        }
        let (tx, rx) = broadcast::channel(64);
        self.channels.lock().insert(name.to_string(), tx);
        rx
    }
}

// std Mutex, an mpsc pair, the receiver stored by the caller
pub struct Mailboxes {
    senders: Mutex<HashMap<u64, mpsc::Sender<String>>>,
}

impl Mailboxes {
    pub fn open(&self, id: u64, out: &mut Vec<mpsc::Receiver<String>>) -> Option<mpsc::Sender<String>> {
        if let Some(tx) = self.senders.lock().unwrap().get(&id) { //~ map-check-then-insert
            return Some(tx.clone());
        }
        let (tx, rx) = mpsc::channel();
        self.senders.lock().unwrap().insert(id, tx);
        out.push(rx);
        None
    }
}

// async, a tokio Mutex, a watch pair
pub async fn subscribe(
    registry: Arc<tokio::sync::Mutex<HashMap<String, tokio::sync::watch::Sender<u32>>>>,
    key: String,
) -> tokio::sync::watch::Receiver<u32> {
    if let Some(tx) = registry.lock().await.get(&key) { //~ map-check-then-insert
        return tx.subscribe();
    }
    let (tx, rx) = tokio::sync::watch::channel(0);
    registry.lock().await.insert(key, tx);
    rx
}

pub fn serve(ps: Arc<PubSub>, boxes: Arc<Mailboxes>) {
    for i in 0..4 {
        let ps = ps.clone();
        let boxes = boxes.clone();
        std::thread::spawn(move || {
            let _rx = ps.listen("news");
            let mut out = Vec::new();
            let _ = boxes.open(i, &mut out);
        });
    }
}
