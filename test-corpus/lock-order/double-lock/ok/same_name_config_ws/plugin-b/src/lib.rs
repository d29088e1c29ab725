mod config;

use crate::config::PluginConfig;
use std::sync::Arc;
use tokio::sync::RwLock;

pub struct Plugin {
    cfg: Arc<RwLock<PluginConfig>>,
    started: u64,
}

impl Plugin {
    pub fn new() -> Self {
        Plugin {
            cfg: Arc::new(RwLock::new(PluginConfig { retention: 60, interval: 5 })),
            started: 0,
        }
    }

    // `&mut self`: the only writer, `reload`, needs `&mut self` of this value too
    pub async fn init(&mut self) {
        if let Some(r) = Some(self.cfg.read().await.retention) {
            let every = self.cfg.read().await.interval;
            self.started = r + every;
        }
    }

    pub async fn describe(&self) -> u64 {
        let c = self.cfg.read().await;
        c.retention + self.cfg.read().await.interval + self.started
    }

    pub async fn reload(&mut self, retention: u64) {
        *self.cfg.write().await = PluginConfig { retention, interval: 5 };
    }
}
