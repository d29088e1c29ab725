mod config;

use crate::config::PluginConfig;
use std::sync::Arc;
use tokio::sync::RwLock;

pub struct Plugin {
    cfg: Arc<RwLock<PluginConfig>>,
}

async fn worker(cfg: Arc<RwLock<PluginConfig>>) -> u64 {
    let c = cfg.read().await;
    c.retention + cfg.read().await.interval //~ double-lock
}

impl Plugin {
    pub fn new() -> Self {
        let cfg = Arc::new(RwLock::new(PluginConfig { retention: 60, interval: 5 }));
        tokio::spawn(worker(cfg.clone()));
        Plugin { cfg }
    }

    pub async fn reload(&mut self, retention: u64) {
        *self.cfg.write().await = PluginConfig { retention, interval: 5 };
    }
}
