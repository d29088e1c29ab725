mod config;

use config::PluginConfig;
use std::sync::Arc;
use tokio::sync::RwLock;

pub struct Exec {
    pub workers: usize,
    pub queue: usize,
}

pub struct Bridge {
    cfg: Arc<RwLock<PluginConfig>>,
    exec: Exec,
}

impl Bridge {
    // the parameter's lock guards this crate's `PluginConfig`, which nothing write-locks
    pub async fn new(cfg: Arc<RwLock<PluginConfig>>) -> Self {
        Bridge {
            exec: Exec {
                workers: cfg.read().await.workers,
                queue: cfg.read().await.queue,
            },
            cfg,
        }
    }

    pub async fn total(&self) -> usize {
        let c = self.cfg.read().await;
        c.workers + self.cfg.read().await.queue + self.exec.queue
    }
}

pub async fn start() -> Arc<Bridge> {
    let cfg = Arc::new(RwLock::new(PluginConfig { workers: 2, queue: 8 }));
    Arc::new(Bridge::new(cfg).await)
}
