mod config;

use config::PluginConfig;
use std::sync::Arc;
use tokio::sync::RwLock;

pub struct Bridge {
    cfg: Arc<RwLock<PluginConfig>>,
}

impl Bridge {
    pub async fn total(&self) -> usize {
        let c = self.cfg.read().await;
        c.workers + self.cfg.read().await.queue //~ double-lock
    }

    pub async fn resize(&self, workers: usize) {
        self.cfg.write().await.workers = workers;
    }
}

pub async fn start() -> Arc<Bridge> {
    let cfg = Arc::new(RwLock::new(PluginConfig { workers: 2, queue: 8 }));
    Arc::new(Bridge { cfg })
}
