// miss-10 (influxdb 6e942b22c6, processing-engine trigger shutdown deadlock)
// Expected: guard-across-await variant / wait-holding-lock analogue at line 27: a tokio
// `Mutex` guard of `self.channels` is held while awaiting the plugin task's oneshot reply;
// the plugin task, before it reads the Shutdown event, processes a write that calls
// `notify()`, which needs `self.channels` -> wait-for cycle (deadlock).
// Gaps: async (tokio) mutex guards are excluded from guard-across-await; the cycle goes
// through a channel to a spawned task that re-enters the owner via `Arc<Self>`.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex};

pub enum Event { Write(String), Shutdown(oneshot::Sender<()>) }

pub struct Engine { channels: Mutex<HashMap<String, mpsc::Sender<Event>>> }

impl Engine {
    pub async fn notify(&self, w: String) {
        let ch = self.channels.lock().await;
        for tx in ch.values() { let _ = tx.send(Event::Write(w.clone())).await; }
    }

    pub async fn stop_trigger(&self, name: &str) {
        let mut ch = self.channels.lock().await;
        if let Some(tx) = ch.remove(name) {
            let (done_tx, done_rx) = oneshot::channel();
            if tx.send(Event::Shutdown(done_tx)).await.is_ok() {
                let _ = done_rx.await; // line 27: waits for the plugin task while holding `ch`
            }
        }
    }
}

pub fn spawn_plugin(engine: Arc<Engine>, mut rx: mpsc::Receiver<Event>) {
    tokio::spawn(async move {
        while let Some(ev) = rx.recv().await {
            match ev {
                Event::Write(w) => engine.notify(format!("echo {w}")).await, // needs `channels`
                Event::Shutdown(done) => { let _ = done.send(()); return; }
            }
        }
    });
}
