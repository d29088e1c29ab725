// FP, rmqtt HEAD a8d63fb3: rmqtt-plugins/rmqtt-http-api/src/lib.rs:141-142 (`init`).
// Written from scratch. In edition 2021 the temporary read guard of an `if let` scrutinee
// lives through the body, and the body reads the same tokio RwLock again. That deadlocks only
// if a writer queues in between. The only writer is `reload(&mut self)`, and `init` also
// takes `&mut self`: while `init` runs nobody else can call `reload` on this plugin, and
// nothing else writes the lock (the clone handed to the server task is only read).
// racelint-s21a reports both inner reads (double-lock, error).
use std::sync::Arc;
use tokio::sync::RwLock;

#[derive(Clone, Default)]
pub struct Cfg {
    pub storage: Option<String>,
    pub retention: u64,
    pub interval: u64,
}

pub struct Plugin {
    cfg: Arc<RwLock<Cfg>>,
}

impl Plugin {
    pub async fn init(&mut self) {
        if let Some(ref url) = self.cfg.read().await.storage.clone() {
            let retention = self.cfg.read().await.retention;
            let interval = self.cfg.read().await.interval;
            println!("{url} {retention} {interval}");
        }
    }

    pub async fn reload(&mut self, new: Cfg) {
        *self.cfg.write().await = new;
    }

    pub fn serve(&self) {
        let cfg = self.cfg.clone();
        tokio::spawn(async move {
            let _ = cfg.read().await.interval;
        });
    }
}
