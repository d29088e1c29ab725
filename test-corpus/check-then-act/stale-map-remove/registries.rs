// A task takes over the entry of an earlier task with the same key, puts its own, waits, and
// removes the entry by key alone: a newer task that took over from it meanwhile loses its
// entry (rumqtt's will handlers: the old connection's timeout removes the new connection's).
use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

type Wills = Arc<Mutex<HashMap<String, mpsc::Sender<bool>>>>;

async fn serve() {}

// temporary guards, the take-over by `remove`
pub async fn connection(client_id: String, wills: Wills, delay: Duration) {
    if let Some(previous) = wills.lock().unwrap().remove(&client_id) {
        let _ = previous.try_send(false);
    }
    let (tx, mut rx) = mpsc::channel(1);
    wills.lock().unwrap().insert(client_id.clone(), tx);
    serve().await;
    if tokio::time::timeout(delay, rx.recv()).await.is_err() {
        wills.lock().unwrap().remove(&client_id); //~ stale-map-remove
    }
}

pub struct Sessions {
    live: tokio::sync::Mutex<HashMap<u64, mpsc::Sender<String>>>,
    by_name: DashMap<String, u64>,
}

impl Sessions {
    // named guards of a tokio mutex, the take-over by `contains_key`
    pub async fn attach(&self, user: u64, tx: mpsc::Sender<String>) {
        let mut live = self.live.lock().await;
        if live.contains_key(&user) {
            tracing::info!("user {user} replaces its earlier session");
        }
        live.insert(user, tx);
        drop(live);
        serve().await;
        let mut live = self.live.lock().await;
        live.remove(&user); //~ stale-map-remove
    }

    // a concurrent map, the take-over by `get`
    pub async fn rename(&self, name: String, id: u64) {
        if let Some(old) = self.by_name.get(&name) {
            tracing::info!("{name} was {}", *old);
        }
        self.by_name.insert(name.clone(), id);
        serve().await;
        self.by_name.remove(&name); //~ stale-map-remove
    }
}
