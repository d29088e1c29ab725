// Probe (written from scratch) for a missed bug in pgdogdev/pgdog.
// Fix commit: ccc311a2 "feat: listen/notify stats; fix: race condition in LISTEN" (#1079,
// parent a0576e97).
//
// What races: the LISTEN handler looks the channel up in the process-wide registry
// (`Arc<parking_lot::Mutex<HashMap<String, broadcast::Sender<_>>>>`) and subscribes to it if
// present; otherwise it creates a broadcast channel and inserts it under a second guard. Two
// clients that LISTEN on a new channel at once both miss, both create a sender, and the second
// insert replaces the first: the first client's receiver is attached to a sender that is no
// longer in the registry and never receives a NOTIFY.
//
// racelint should report map-check-then-insert at the `insert` in `listen` (and in
// `listen_alias`, where the map type is a type alias as in pgdog). It reports the same
// function written with `contains_key` (`contrast_contains_key`, reported). Missing fact: `if
// let Some(v) = map.lock().get(k) { return .. }` is a presence check of `k` (the code after it
// runs only when `k` was absent).
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::broadcast;

type Channels = Arc<Mutex<HashMap<String, broadcast::Sender<String>>>>;

pub struct PubSub { channels: Arc<Mutex<HashMap<String, broadcast::Sender<String>>>> }
pub struct PubSubAlias { channels: Channels }

impl PubSub {
    pub async fn listen(&self, name: &str) -> broadcast::Receiver<String> {
        if let Some(tx) = self.channels.lock().get(name) {
            return tx.subscribe();
        }
        let (tx, rx) = broadcast::channel(64);
        self.channels.lock().insert(name.to_string(), tx);
        rx
    }

    // Contrast: reported (map-check-then-insert).
    pub async fn contrast_contains_key(&self, name: &str) -> broadcast::Receiver<String> {
        if self.channels.lock().contains_key(name) {
            return self.channels.lock()[name].subscribe();
        }
        let (tx, rx) = broadcast::channel(64);
        self.channels.lock().insert(name.to_string(), tx);
        rx
    }
}

impl PubSubAlias {
    pub async fn listen_alias(&self, name: &str) -> broadcast::Receiver<String> {
        if let Some(tx) = self.channels.lock().get(name) {
            return tx.subscribe();
        }
        let (tx, rx) = broadcast::channel(64);
        self.channels.lock().insert(name.to_string(), tx);
        rx
    }
}

// Every client connection runs on its own task.
pub fn serve(ps: Arc<PubSub>, alias: Arc<PubSubAlias>, names: Vec<String>) {
    for name in names {
        let ps = ps.clone();
        let alias = alias.clone();
        tokio::spawn(async move {
            let _a = ps.listen(&name).await;
            let _b = ps.contrast_contains_key(&name).await;
            let _c = alias.listen_alias(&name).await;
        });
    }
}
